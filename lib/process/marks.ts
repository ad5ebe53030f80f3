import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import { threadId } from "node:worker_threads"

/**
 * Every process the harness starts carries this environment variable, and so
 * does everything it starts in turn (children inherit the environment, even
 * across a double fork and `setsid()`). Its value lists marks, one per
 * harness start in the chain (a test that starts a Mocha that starts a
 * process gives that process two), so each level finds its own descendants.
 * A program that daemonizes leaves its process group, but not its
 * environment: at close the harness finds and kills what carries the mark
 * (CI servers reap build processes the same way).
 */
export const MARK_VARIABLE = "ZMQ_HARNESS_MARK"

/**
 * What every mark made by this process (and thread) starts with: `<pid>-t<thread id>-`, so that
 * the reaper (lib/process/reaper.ts) finds what one thread started, and only that.
 */
export function markPrefix(): string {
  return `${process.pid}-t${threadId}-`
}

/** A fresh mark, unique to one start. */
export function newMark(): string {
  return `${markPrefix()}${randomBytes(6).toString("hex")}`
}

/** `env` with `mark` added to the marks it already carries. */
export function markEnv(env: NodeJS.ProcessEnv, mark: string): NodeJS.ProcessEnv {
  const before = env[MARK_VARIABLE]
  return { ...env, [MARK_VARIABLE]: before ? `${before},${mark}` : mark }
}

/** The newest mark of an environment made by {@link markEnv}. */
export function markOf(env: NodeJS.ProcessEnv): string | undefined {
  return env[MARK_VARIABLE]?.split(",").pop()
}

/** A running process that carries a mark. */
export interface MarkedProcess {
  pid: number
  /** Its command line, as /proc shows it. */
  command: string
}

/** Whether processes can be found by their environment here (Linux's /proc). */
export const canFindMarked = process.platform === "linux" && fs.existsSync("/proc/self/environ")

/** At most this many /proc entries are read in one search, so a search stays bounded. */
const MAX_ENTRIES = 100_000

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "latin1")
  } catch {
    return "" // gone meanwhile, or not ours to read (another user's process)
  }
}

/**
 * Whether an environment (as /proc/PID/environ holds it: NUL-separated) carries `mark`.
 *
 * @example
 * ```ts
 * carriesMark(fs.readFileSync(`/proc/${pid}/environ`, "latin1"), tree.mark)
 * ```
 */
export function carriesMark(environ: string, mark: string): boolean {
  return carries(environ, (m) => m === mark)
}

function carries(environ: string, wanted: (mark: string) => boolean): boolean {
  for (const entry of environ.split("\0")) {
    if (!entry.startsWith(MARK_VARIABLE + "=")) continue
    return entry
      .slice(MARK_VARIABLE.length + 1)
      .split(",")
      .some(wanted)
  }
  return false
}

function isZombie(pid: number): boolean {
  const stat = readOrEmpty(`/proc/${pid}/stat`)
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
  return stat === "" || state === "Z" || state === "X"
}

/**
 * The live processes (not zombies, not this one) that carry one of `marks`.
 * Synchronous, so that exit handlers can use it; empty where there is no
 * /proc (there only the process group is reaped).
 *
 * Reading every process's environment costs (tens of µs each, more in a
 * sandbox), so only processes younger than `oldest` are read: Linux hands
 * out pids in increasing order, so a descendant of the process `oldest` has
 * a higher pid — unless the pids wrapped around since (the last pid handed
 * out, /proc/sys/kernel/ns_last_pid, is then below `oldest`, or unknown), and
 * then every process is read.
 */
export function findMarked(marks: ReadonlySet<string>, oldest = 0): MarkedProcess[] {
  if (marks.size === 0) return []
  return findCarrying((mark) => marks.has(mark), oldest)
}

/**
 * The live processes (not zombies, not this one) whose marks include one that starts with
 * `prefix` (a {@link markPrefix}): everything one process (thread) started, for the reaper.
 */
export function findMarkedWithPrefix(prefix: string): MarkedProcess[] {
  return findCarrying((mark) => mark.startsWith(prefix), 0)
}

function findCarrying(wanted: (mark: string) => boolean, oldest: number): MarkedProcess[] {
  if (!canFindMarked) return []
  let entries: number[]
  try {
    entries = fs
      .readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .slice(0, MAX_ENTRIES)
  } catch {
    return []
  }
  const last = Number(readOrEmpty("/proc/sys/kernel/ns_last_pid").trim() || NaN)
  const newestOnly = last >= oldest
  const found: MarkedProcess[] = []
  for (const entry of entries) {
    if (entry === process.pid || (newestOnly && entry <= oldest)) continue
    if (!carries(readOrEmpty(`/proc/${entry}/environ`), wanted) || isZombie(entry)) continue
    const command = readOrEmpty(`/proc/${entry}/cmdline`).split("\0").filter(Boolean).join(" ")
    found.push({ pid: entry, command })
  }
  return found
}

/** SIGKILLs each process (and its group, if it leads one); errors mean it is gone already. */
export function killMarked(found: readonly MarkedProcess[]): void {
  for (const { pid } of found) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL")
      } catch {
        // not a group leader, or gone
      }
    }
  }
}
