import { zmqHarnessChai } from "../../chai/plugin"
import { installInterruptHandlers } from "../../core/interrupt"
import { registerRunner } from "../../core/registration"
import { wantReaper } from "../../process/reaper"
import { warnIfTwoZeromqs } from "../../util/zeromq-copies"
import { registerVitestHooks } from "./hooks"
import { loadVitest } from "./load"

/**
 * What `zmq-harness/vitest` does each time Vitest runs it (once per test file, as a
 * `setupFiles` entry): registers the adapter with the core, the hooks on the file, the chai
 * plugin in Vitest's own chai (so `await expect(sock).to.receive([…])` works with Vitest's
 * `expect`; `use` installs a plugin once per chai), and the interrupt handlers that kill every
 * process under test on Ctrl-C.
 *
 * @example
 * ```ts
 * installVitestAdapter() // lib/vitest.ts
 * ```
 */
export function installVitestAdapter(): void {
  const vitest = loadVitest()
  registerRunner({ runner: "vitest", check: () => undefined })
  registerVitestHooks(vitest)
  vitest.chai.use(zmqHarnessChai)
  installInterruptHandlers()
  wantReaper()
  warnIfTwoZeromqs()
}
