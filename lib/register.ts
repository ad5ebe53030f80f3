/**
 * `zmq-harness/register`: the Mocha root-hook plugin. Load it with
 * `mocha --require zmq-harness/register` (or `require:` in `.mocharc.yml`);
 * `--import`, `--node-option import=`, `--file` or a spec's `import` work
 * too (the hooks are then added when the run starts). It ties sockets and
 * processes to the test that made them, closes them when it ends, reports
 * hangs, and installs the chai plugin.
 *
 * @example
 * ```yaml
 * # .mocharc.yml
 * require:
 *   - tsx
 *   - zmq-harness/register
 * ```
 * @packageDocumentation
 */
import "./chai/augment"
import { installExportsOverlay } from "./stubs/exports-overlay"
import { installPlugin } from "./runners/mocha/install"

export { mochaHooks } from "./runners/mocha/hooks"

installPlugin()
// Before the test files load: `stubConstructor` can then replace what tsx compiled.
installExportsOverlay()
