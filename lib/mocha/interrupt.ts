import type { ChildProcess } from "node:child_process"
import { killAllTrees } from "../process/tree"

/** The signals that interrupt a test run (Ctrl-C, a CI runner's stop, a closed terminal). */
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"]
/** How long an interrupted run waits for its killed children to be reaped before it dies. */
const REAP_WAIT_MS = 1000

let installed = false

function exitedAlready(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function reaped(child: ChildProcess): Promise<void> {
  if (exitedAlready(child)) return Promise.resolve()
  return new Promise((resolve) => child.once("exit", () => resolve()))
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  for (const s of SIGNALS) process.removeListener(s, onSignal)
  const children = killAllTrees()
  // Wait (bounded) until Node has reaped the killed children, so none is left a zombie.
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    Promise.all(children.map(reaped)),
    new Promise((resolve) => (timer = setTimeout(resolve, REAP_WAIT_MS))),
  ])
  clearTimeout(timer)
  // Re-raise, so the run ends as the signal says — unless someone else (Mocha's
  // parallel runner, a watch mode) also listens and decides what happens next.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

/**
 * Makes sure no process under test outlives the test run. On SIGINT, SIGTERM
 * or SIGHUP every process tree started by the harness is killed with SIGKILL
 * (grandchildren too), reaped, and the signal is raised again; on any exit —
 * an uncaught exception, `process.exit`, `mocha --exit` — the trees are killed
 * synchronously. Installed by the plugin (`zmq-harness/register`) and by the
 * first `startProcess` / `startModule`, so it works without the plugin too.
 * Idempotent.
 *
 * @example
 * ```ts
 * import { installInterruptHandlers } from "zmq-harness/dist/mocha/interrupt"
 * installInterruptHandlers() // in a script that starts processes without Mocha
 * ```
 */
export function installInterruptHandlers(): void {
  if (installed) return
  installed = true
  for (const signal of SIGNALS) process.on(signal, onSignal)
  process.on("exit", () => void killAllTrees())
}
