import { zmqHarnessChai } from "../../chai/plugin"
import { installInterruptHandlers } from "../../core/interrupt"
import { patchMocha, type MochaModule } from "./patch-mocha"
import { warnIfTwoZeromqs } from "../../util/zeromq-copies"

/**
 * What `zmq-harness/register` does on load, however it is loaded (`--require`,
 * `--import`, `--file`, a spec's `import`): follow Mocha's runnables, make
 * sure its runs have the root hooks, and install the chai plugin. Both
 * packages are the user's own (peer dependencies), loaded with `require`,
 * which on Node ≥ 20.19 also loads their ES module builds.
 */
export function installPlugin(): void {
  // Follow Mocha's runnables, add the root hooks to its runs, keep one shard of the tests
  // (ZMQ_HARNESS_SHARD=i/n or the rc key zmq-harness-shard).
  patchMocha(require("mocha") as MochaModule, require.resolve("mocha"))

  const chai = require("chai") as { use(plugin: unknown): unknown }
  chai.use(zmqHarnessChai)
  // Kill every process under test if the run is interrupted (SIGINT, SIGTERM, a crash).
  installInterruptHandlers()
  // inproc:// between the application and test sockets needs one zeromq.
  warnIfTwoZeromqs()
}
