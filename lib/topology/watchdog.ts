import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

/**
 * The watchdog's program: compiled next to this file, or, when zmq-harness runs from its
 * TypeScript sources (its own tests), the compiled copy in dist/ if it was built. Without one
 * there is no watchdog, and the reaper of the next topology does its work.
 */
function programFile(): string | undefined {
  const file = __filename.endsWith(".ts")
    ? path.resolve(__dirname, "../../dist/topology/watchdog-main.js")
    : path.join(__dirname, "watchdog-main.js")
  return fs.existsSync(file) ? file : undefined
}

let watchdog: ChildProcess | undefined
let tried = false

/**
 * Starts, once per process, a watchdog: a small detached Node process that holds the read end
 * of a pipe from this one. When this process ends — however it ends, SIGKILL included — the
 * kernel closes the pipe, the watchdog waits (bounded) until this process is gone, and reaps
 * the topologies of dead owners (lib/topology/allot.ts): what a killed runner left is removed
 * within about a second instead of at the next topology made on the machine. It keeps nothing
 * of this process alive (unref'd), and a Ctrl-C to this process group does not reach it.
 *
 * @example
 * ```ts
 * startWatchdog() // in topology(), before anything is made
 * ```
 */
export function startWatchdog(): void {
  if (tried) return
  tried = true
  const file = programFile()
  if (!file) return
  const child = spawn(process.execPath, [file, String(process.pid)], {
    detached: true,
    stdio: ["pipe", "ignore", "ignore"],
  })
  child.on("error", () => undefined)
  child.stdin?.on("error", () => undefined)
  child.unref()
  ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  watchdog = child
}

/**
 * The watchdog's pid, if one runs (for tests that kill it to test the reaper alone).
 *
 * @example
 * ```ts
 * process.kill(watchdogPid()!, "SIGKILL")
 * ```
 */
export function watchdogPid(): number | undefined {
  return watchdog?.pid
}
