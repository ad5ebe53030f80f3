import * as fs from "node:fs"
import { carriesMark } from "./marks"

/**
 * Who is still in a process group, read from Linux's /proc. A group's id (`pgid`) is the pid
 * of the process that made it, and the kernel does not hand that number out again while a
 * process of the group still lives (a zombie member too). Once the leader is reaped, though,
 * the group may have emptied and its number gone to a new process that made a group of its
 * own: so a member is taken for one of the tree's only when it carries the tree's mark, or
 * when it started before the leader was reaped (then the group has existed, ours, since).
 */

/** One member of a group, as /proc shows it. */
export interface GroupMember {
  pid: number
  /** `Z` (zombie) and `X` (dead) hold no port and run no code. */
  state: string
  /** When it started, in clock ticks since boot (/proc/PID/stat's `starttime`). */
  startTicks: number
}

/** Whether the group of a process can be looked into here (Linux's /proc). */
export const canListGroups = process.platform === "linux" && fs.existsSync("/proc/self/stat")

/** Linux's USER_HZ, the unit of `starttime`: 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100

function read(file: string): string {
  try {
    return fs.readFileSync(file, "latin1")
  } catch {
    return "" // gone meanwhile, or not ours to read
  }
}

/**
 * Now, in the clock of /proc/PID/stat's `starttime` (ticks since boot); undefined where there
 * is no /proc.
 *
 * @example
 * ```ts
 * child.once("exit", () => (reapedAt = ticksSinceBoot()))
 * ```
 */
export function ticksSinceBoot(): number | undefined {
  const seconds = Number.parseFloat(read("/proc/uptime"))
  return Number.isFinite(seconds) ? Math.floor(seconds * TICKS_PER_SECOND) : undefined
}

/**
 * The processes of group `pgid`, zombies included. Empty where there is no /proc.
 *
 * @example
 * ```ts
 * groupMembers(4242).some(isLive) // something of the group still runs
 * ```
 */
export function groupMembers(pgid: number): GroupMember[] {
  if (!canListGroups) return []
  let entries: string[]
  try {
    entries = fs.readdirSync("/proc")
  } catch {
    return []
  }
  const found: GroupMember[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const stat = read(`/proc/${entry}/stat`)
    if (stat === "") continue
    // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp …
    // starttime is field 22 of the line, the 20th after the name.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    if (Number(fields[2]) !== pgid) continue
    found.push({ pid: Number(entry), state: fields[0], startTicks: Number(fields[19]) })
  }
  return found
}

/** True for a member that still runs (not a zombie). */
export function isLive(member: GroupMember): boolean {
  return member.state !== "Z" && member.state !== "X"
}

/**
 * Whether `member` of the group numbered like a reaped leader is surely one of that leader's
 * tree: it carries the tree's `mark`, or it started in a clock tick (10 ms) before the one in
 * which the leader was reaped (`reapedAt`, ticks since boot, read right after the reaping: a
 * process that got the number since started in that tick or later). A member without the mark
 * started in the very tick of the exit is not recognised, and so not signalled: the safe side.
 *
 * @example
 * ```ts
 * groupMembers(pid).filter((m) => isLive(m) && belongsToTree(m, tree.mark, tree.reapedAt))
 * ```
 */
export function belongsToTree(
  member: GroupMember,
  mark: string | undefined,
  reapedAt: number | undefined,
): boolean {
  if (reapedAt !== undefined && member.startTicks < reapedAt) return true
  return mark !== undefined && carriesMark(read(`/proc/${member.pid}/environ`), mark)
}
