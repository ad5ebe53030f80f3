import * as fs from "node:fs"

/**
 * Who made a file or folder that outlives a process (a run's test folders, a merge's temporary
 * folder), so that a later process can tell whether its maker still runs: `<pid>-<time>`, the
 * time in base 36 ms since the epoch, taken when the token is made.
 *
 * A pid alone is not enough: pids are reused. A process that holds the pid now but started
 * after the token was made is another process, and the owner is gone.
 */

/** How far the start time read from /proc may be off (it is in clock ticks since a boot time in whole seconds). */
const START_SLACK_MS = 2000

/**
 * A token naming this process, now: `"41234-lx3k2a"`.
 *
 * @example
 * ```ts
 * const temp = `.merging-${ownerToken()}`
 * ```
 */
export function ownerToken(): string {
  return `${process.pid}-${Date.now().toString(36)}`
}

/** The pid and time of a token (or of a string that starts with one); undefined when it has none. */
function parse(token: string): { pid: number; time?: number } | undefined {
  const m = /^(\d+)(?:-([0-9a-z]+))?/.exec(token)
  if (!m) return undefined
  const pid = Number(m[1])
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined
  const time = m[2] === undefined ? undefined : parseInt(m[2], 36)
  return { pid, ...(time !== undefined && Number.isFinite(time) && { time }) }
}

let bootTime: number | undefined | null = null

/** When the machine booted (epoch ms), from /proc/stat; undefined without /proc. */
function booted(): number | undefined {
  if (bootTime !== null) return bootTime
  try {
    const m = /^btime (\d+)$/m.exec(fs.readFileSync("/proc/stat", "utf8"))
    bootTime = m ? Number(m[1]) * 1000 : undefined
  } catch {
    bootTime = undefined
  }
  return bootTime
}

/** Linux's USER_HZ, the unit of /proc's start times, on every architecture Node.js runs on. */
const TICKS_PER_SECOND = 100

/**
 * When process `pid` started (epoch ms), from /proc; undefined when it cannot be told (no /proc,
 * or the process is gone).
 *
 * @example
 * ```ts
 * processStart(process.pid) // 1733412345678 (about)
 * ```
 */
export function processStart(pid: number): number | undefined {
  const boot = booted()
  if (boot === undefined) return undefined
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // Fields after the command (which may hold spaces and parentheses): state is field 3, starttime 22.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const ticks = Number(fields[19])
    return Number.isFinite(ticks) ? boot + (ticks * 1000) / TICKS_PER_SECOND : undefined
  } catch {
    return undefined
  }
}

/**
 * True when the process a token names is known to be gone: no process has its pid, or the one
 * that has it started after the token was made (the pid was reused), or it is a zombie. A
 * process of another user that holds the pid counts as running. A string that holds no token is
 * "gone" (nothing can be waiting for it).
 *
 * @example
 * ```ts
 * ownerGone(ownerToken()) // false: this process runs
 * ownerGone("999999999-lx3k2a") // true
 * ```
 */
export function ownerGone(token: string): boolean {
  const owner = parse(token)
  if (!owner) return true
  if (owner.pid === process.pid) {
    // This process: the token is ours unless it was made before this process started.
    const start = processStart(process.pid)
    return owner.time !== undefined && start !== undefined && owner.time + START_SLACK_MS < start
  }
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return true
  }
  if (isZombie(owner.pid)) return true
  if (owner.time === undefined) return false
  const start = processStart(owner.pid)
  return start !== undefined && start > owner.time + START_SLACK_MS
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const state = stat.charAt(stat.lastIndexOf(")") + 2)
    return state === "Z" || state === "X"
  } catch {
    return false
  }
}
