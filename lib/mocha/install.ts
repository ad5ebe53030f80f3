import { zmqHarnessChai } from "../chai/plugin"
import { installInterruptHandlers } from "./interrupt"
import { trackRunnables } from "./track-runnables"

/**
 * What `zmq-harness/register` does on load: follow Mocha's runnables and
 * install the chai plugin. Both packages are the user's own (peer
 * dependencies), loaded with `require`, which on Node ≥ 20.19 also loads
 * their ES module builds.
 */
export function installPlugin(): void {
  const mocha = require("mocha") as { Runnable: Parameters<typeof trackRunnables>[0] }
  trackRunnables(mocha.Runnable)

  const chai = require("chai") as { use(plugin: unknown): unknown }
  chai.use(zmqHarnessChai)
  // Kill every process under test if the run is interrupted (SIGINT, SIGTERM, a crash).
  installInterruptHandlers()
}
