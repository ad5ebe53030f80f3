import { installInterruptHandlers } from "../../core/interrupt"
import { warnIfTwoZeromqs } from "../../util/zeromq-copies"
import { installChaiIfPresent } from "./chai"
import { nodeTestHooks } from "./hooks"
import { registerNodeTest } from "./registration"
import { runsTestFiles } from "./role"
import { refuseHarnessShard } from "./shard"

/** The hook registrars of node:test (`require("node:test")`). */
interface NodeTestHooks {
  beforeEach(fn: (t: any) => unknown): void
  afterEach(fn: (t: any) => unknown): void
  after(fn: () => unknown): void
}

let installed = false

/**
 * What `zmq-harness/node-test` does on load, however it is loaded (`--import`, `--require`, or
 * imported first in a test file): in a process that runs test files, register root hooks that
 * give each test what it makes and close it after the test, tell the core the adapter is in
 * charge, install the chai plugin in the project's chai, and kill every process under test when
 * the run is interrupted. In `node --test`'s own process (which runs no test) it does nothing
 * but check the shard settings. Idempotent.
 *
 * @example
 * ```ts
 * installNodeTestAdapter() // lib/node-test.ts
 * ```
 */
export function installNodeTestAdapter(): void {
  if (installed) return
  installed = true
  refuseHarnessShard()
  if (!runsTestFiles()) return
  const nodeTest = require("node:test") as NodeTestHooks
  registerNodeTest()
  nodeTest.beforeEach(nodeTestHooks.beforeEach)
  nodeTest.afterEach(nodeTestHooks.afterEach)
  nodeTest.after(nodeTestHooks.after)
  installChaiIfPresent()
  installInterruptHandlers()
  warnIfTwoZeromqs()
}
