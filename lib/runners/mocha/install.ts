import { zmqHarnessChai } from "../../chai/plugin"
import { installInterruptHandlers } from "../../core/interrupt"
import { registerHooksOnRun } from "./registration"
import { trackFailures } from "./track-failures"
import { trackRunnables } from "./track-runnables"
import { warnIfTwoZeromqs } from "../../util/zeromq-copies"
// shard
import { installSharding } from "./shard"

/**
 * What `zmq-harness/register` does on load, however it is loaded (`--require`,
 * `--import`, `--file`, a spec's `import`): follow Mocha's runnables, make
 * sure its runs have the root hooks, and install the chai plugin. Both
 * packages are the user's own (peer dependencies), loaded with `require`,
 * which on Node ≥ 20.19 also loads their ES module builds.
 */
export function installPlugin(): void {
  const mocha = require("mocha") as Parameters<typeof registerHooksOnRun>[0] & {
    Runnable: Parameters<typeof trackRunnables>[0]
  }
  trackRunnables(mocha.Runnable)
  trackFailures(mocha.Runner)
  registerHooksOnRun(mocha, require.resolve("mocha"))

  const chai = require("chai") as { use(plugin: unknown): unknown }
  chai.use(zmqHarnessChai)
  // Kill every process under test if the run is interrupted (SIGINT, SIGTERM, a crash).
  installInterruptHandlers()
  // inproc:// between the application and test sockets needs one zeromq.
  warnIfTwoZeromqs()
  // shard: run one shard of the tests (ZMQ_HARNESS_SHARD=i/n or the rc key zmq-harness-shard).
  installSharding(mocha as unknown as Parameters<typeof installSharding>[0])
}
