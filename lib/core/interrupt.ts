import type { ChildProcess } from "node:child_process"
import { InterruptedError } from "../errors"
import createDebug from "debug"
import { hostProcess } from "../util/host-process"
import { within } from "../util/timers"

/** The signals that interrupt a test run (Ctrl-C, a CI runner's stop, a closed terminal). */
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"]
/** How long an interrupted run waits for its killed children to be reaped before it dies. */
const REAP_WAIT_MS = 1000

/** Where the handlers go: the real `process` even in Jest's sandbox (lib/util/host-process.ts). */
const host = hostProcess

/** The same namespace as the processes' own trace: the interrupt is part of their life. */
const trace = createDebug("zmq-harness:process")

let onExitInstalled = false
let onSignalInstalled = false
/** Set when a signal arrived that nobody else handles: the run is ending, nothing new may start. */
let ending: { signal: NodeJS.Signals; at: number } | undefined

/**
 * Killers of the process trees under test (lib/process registers its own): each kills every
 * tree it tracks with SIGKILL, synchronously, and returns the children to wait for.
 */
const killers = new Set<() => ChildProcess[]>()

/**
 * Registers a killer of process trees, run first when the run is interrupted and on exit:
 * it must kill synchronously and return the children Node should reap. Idempotent per function.
 *
 * @example
 * ```ts
 * killOnInterrupt(killAllTrees) // lib/process: every tree it started
 * ```
 */
export function killOnInterrupt(killer: () => ChildProcess[]): void {
  killers.add(killer)
}

function killAllTrees(): ChildProcess[] {
  const children: ChildProcess[] = []
  for (const kill of killers) {
    try {
      children.push(...kill())
    } catch (err) {
      trace("killing process trees failed: %s", (err as Error).message)
    }
  }
  return children
}

/**
 * Synchronous cleanups of things that are not processes and that no signal ends: a topology's
 * network namespaces, links and firewall table (lib/topology/). Run, newest first, when the run
 * is interrupted (after the process trees are killed) and when the process exits: the signal is
 * raised again after an interrupt, so `exit` handlers of the owners themselves would never run.
 */
const cleanups = new Set<() => void>()

/**
 * Registers a synchronous cleanup to run if the run is interrupted (SIGINT, SIGTERM, SIGHUP) or
 * the process exits before the owner released what it holds; returns the function that forgets
 * it (call it once released normally). A cleanup must not throw, and must be quick: it blocks
 * the end of the run.
 *
 * @example
 * ```ts
 * const forget = onInterrupt(() => tearDownSync(names))
 * // … later, once torn down normally:
 * forget()
 * ```
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => void cleanups.delete(cleanup)
}

function runCleanups(): void {
  const pending = [...cleanups].reverse()
  cleanups.clear()
  for (const cleanup of pending) {
    try {
      cleanup()
    } catch (err) {
      trace("an interrupt cleanup failed: %s", (err as Error).message)
    }
  }
}

function exitedAlready(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function reaped(child: ChildProcess): Promise<void> {
  if (exitedAlready(child)) return Promise.resolve()
  return new Promise((resolve) => child.once("exit", () => resolve()))
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  // Nobody else listens: the run ends by this signal. Until it is raised again, every start is
  // refused (a test that goes on would re-install the handlers and swallow the signal).
  const handedOver = host()
    .listeners(signal)
    .some((listener) => listener !== onSignal)
  if (!handedOver) ending = { signal, at: performance.now() }
  trace("%s: killing every process tree under test", signal)
  const children = killAllTrees()
  runCleanups()
  // Once only: a second Ctrl-C while the trees are reaped gets the default action (or another
  // listener's). Not before the kill above: a runner that gets Ctrl-C too sends its workers
  // SIGTERM at once (node --test does), and with no listener left that SIGTERM ended this
  // process by the default action in the middle of the kill, leaving processes under test.
  for (const s of SIGNALS) host().removeListener(s, onSignal)
  onSignalInstalled = false
  // Wait (bounded) until Node has reaped the killed children, so none is left a zombie. The
  // timer keeps the process alive meanwhile: the signal must still be raised again after it.
  await within(Promise.all(children.map(reaped)), REAP_WAIT_MS)
  // Re-raise, so the run ends as the signal says — unless someone else (Mocha's
  // parallel runner, a watch mode, the user's script) listened when it came and
  // decides what happens next. If the process lives on, the next start installs
  // the handlers again.
  if (!handedOver) {
    // Whatever still runs may have killed trees meanwhile; processes started since were refused.
    killAllTrees()
    for (const s of SIGNALS) host().removeListener(s, onSignal)
    if (host().listenerCount(signal) === 0) host().kill(host().pid, signal)
  }
}

/**
 * Throws an {@link InterruptedError} when the run was interrupted by a
 * signal nobody else handles: the run is ending, so `startProcess`,
 * `startModule`, `runProgram` and `socket` refuse at once instead of
 * starting what would keep it alive.
 *
 * @example
 * ```ts
 * checkNotInterrupted("startProcess") // first line of every start
 * ```
 */
export function checkNotInterrupted(caller: string): void {
  if (!ending) return
  const ago = Math.round(performance.now() - ending.at)
  throw new InterruptedError(
    ending.signal,
    `expected ${caller}() in a running test run, got a run interrupted by ${ending.signal} ${ago} ms ago. ` +
      "Every process under test was killed and the run is ending: nothing new may start. " +
      "Stop the test when the run is interrupted (this error does that if you let it through).",
  )
}

/**
 * Makes sure no process under test outlives the test run — processes from
 * `startProcess` / `startModule` and programs from `runProgram` alike (all
 * are tracked in lib/process/tree.ts, which registers its killer with {@link killOnInterrupt}).
 * On SIGINT, SIGTERM or SIGHUP every
 * tracked process tree is killed with SIGKILL (grandchildren too), reaped
 * (bounded), and the signal is raised again unless another listener handles
 * it; on any exit — an uncaught exception, `process.exit`, `mocha --exit` —
 * the trees are killed synchronously. Installed by the plugin
 * (`zmq-harness/register`) and by every start, so it works without the
 * plugin too. Idempotent.
 *
 * @example
 * ```ts
 * import { installInterruptHandlers } from "zmq-harness/dist/core/interrupt"
 * installInterruptHandlers() // in a script that starts processes without Mocha
 * ```
 */
export function installInterruptHandlers(): void {
  if (ending) return
  if (!onExitInstalled) {
    onExitInstalled = true
    host().on("exit", onExit)
    // A runner's worker (a fork with an IPC channel: Vitest's forks, Jest's workers, Mocha's
    // --parallel) whose runner is gone — a Ctrl-C to the runner alone — may live on until its
    // test ends: its processes go now.
    if (host().connected) host().once("disconnect", onExit)
  }
  if (!onSignalInstalled) {
    onSignalInstalled = true
    for (const signal of SIGNALS) host().on(signal, onSignal)
  }
}

function onExit(): void {
  killAllTrees()
  runCleanups()
}

/**
 * Removes the handlers {@link installInterruptHandlers} added, for a runner that loads a copy of
 * zmq-harness per test file in one process (Jest): the file's copy has closed what it made, and
 * the next file's copy installs its own, so listeners do not pile up on the process.
 *
 * @example
 * ```ts
 * releaseInterruptHandlers() // Jest's run_finish, once the file's resources are closed
 * ```
 */
export function releaseInterruptHandlers(): void {
  if (onExitInstalled) {
    onExitInstalled = false
    host().removeListener("exit", onExit)
    host().removeListener("disconnect", onExit)
  }
  if (onSignalInstalled) {
    onSignalInstalled = false
    for (const signal of SIGNALS) host().removeListener(signal, onSignal)
  }
}
