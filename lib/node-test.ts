/**
 * `zmq-harness/node-test`: the adapter for Node's own test runner. Load it with
 * `node --test --import zmq-harness/node-test` (or `--require`, or import it first in each test
 * file). Each test owns the sockets, processes, peers and links it makes; they are closed after
 * its `afterEach` hooks, so the next test can bind the same port. A process that crashes fails
 * the test, node:test's timeout gets a hang report, failed tests get artifacts, and the chai
 * plugin goes into the project's chai when it has one.
 *
 * @example
 * ```json
 * { "scripts": { "test": "node --test --import zmq-harness/node-test" } }
 * ```
 * @packageDocumentation
 */
import "./chai/augment"
import { installExportsOverlay } from "./stubs/exports-overlay"
import { installNodeTestAdapter } from "./runners/node-test/install"

export { nodeTestHooks, type NodeTestHooks } from "./runners/node-test/hooks"
export type { TestContextLike } from "./runners/node-test/test-context"

installNodeTestAdapter()
// Before the test files load: `stubConstructor` can then replace what tsx compiled.
installExportsOverlay()
