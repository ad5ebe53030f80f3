/**
 * Programs run by `runProgram` start detached, each the leader of its own
 * process group, so that one signal to the group reaches everything the
 * program started (a shell's children, a server's workers). Being detached,
 * they no longer get the terminal's Ctrl-C, so this module also kills every
 * live group when the test process exits or is interrupted — no orphan
 * survives the run.
 */

const live = new Set<number>()
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const
const POSIX = process.platform !== "win32"

/** True when `spawn(…, { detached: true })` gives the program its own group. */
export const ownGroup = POSIX

/**
 * Sends `signal` to the program's whole group (on Windows, to the program
 * only). Returns false when nothing was left to signal.
 */
export function killGroup(pid: number, signal: NodeJS.Signals = "SIGKILL"): boolean {
  try {
    process.kill(POSIX ? -pid : pid, signal)
    return true
  } catch {
    return false // ESRCH: the group is gone already
  }
}

function killAll(): void {
  for (const pid of live) killGroup(pid)
  live.clear()
}

function onSignal(signal: NodeJS.Signals): void {
  killAll()
  uninstall()
  // Nobody else handles it: let the signal do what it would have done.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function install(): void {
  process.on("exit", killAll)
  for (const signal of SIGNALS) process.on(signal, onSignal)
}

function uninstall(): void {
  process.off("exit", killAll)
  for (const signal of SIGNALS) process.off(signal, onSignal)
}

/** Remembers a live group, to kill it if the test process goes away first. */
export function trackGroup(pid: number): void {
  // Handlers only while a program runs: they change what Ctrl-C does.
  if (live.size === 0) install()
  live.add(pid)
}

/** Forgets a group whose leader has exited and been reaped. */
export function untrackGroup(pid: number): void {
  if (live.delete(pid) && live.size === 0) uninstall()
}
