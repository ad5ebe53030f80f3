import * as fs from "node:fs"

/**
 * Who made a topology: a process id and that process's start time (clock ticks since boot,
 * field 22 of /proc/PID/stat). The pair identifies a process for as long as the machine runs:
 * a pid alone can be handed out again to another process once the owner is dead.
 */
export interface Owner {
  pid: number
  start: string
}

/**
 * The start time of `pid`, or undefined when there is no such process (or no /proc).
 *
 * @example
 * ```ts
 * startTimeOf(process.pid) // "1234567"
 * ```
 */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    // Fields after the command name (which may hold spaces and parentheses): state is field 3.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]
  } catch {
    return undefined
  }
}

/**
 * This process, as an {@link Owner}.
 *
 * @example
 * ```ts
 * fs.writeFileSync(lock, JSON.stringify(thisProcess()), { flag: "wx" })
 * ```
 */
export function thisProcess(): Owner {
  return { pid: process.pid, start: startTimeOf(process.pid) ?? "unknown" }
}

/**
 * Whether the owner still runs: its pid exists and started when the owner did (so it is not
 * another process that was given the same pid since).
 *
 * @example
 * ```ts
 * ownerAlive({ pid: 4242, start: "1234567" }) // false once that process is gone
 * ```
 */
export function ownerAlive(owner: Owner): boolean {
  const start = startTimeOf(owner.pid)
  return start !== undefined && start === owner.start && !isZombie(owner.pid)
}

/** A dead process whose parent has not read its status yet: it runs no code and holds nothing. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
    return state === "Z" || state === "X"
  } catch {
    return true
  }
}
