import { killOnInterrupt } from "../core/interrupt"
import type { ChildProcess } from "node:child_process"
import { delay } from "../util/timers"
import { belongsToTree, canListGroups, groupMembers, isLive, ticksSinceBoot } from "./group-members"
import { findMarked, killMarked, type MarkedProcess } from "./marks"
import { startReaper } from "./reaper"
import { trace } from "./trace"

/**
 * Every process under test (`startProcess`, `startModule`) and every program
 * run by `runProgram` is started as the leader of its own process group
 * (`detached: true`, so `setsid()`), and everything it starts stays in that
 * group unless it leaves on purpose. Signalling `-pid` then reaches the whole
 * tree, grandchildren included, with no need to list them. On Windows, where
 * there are no process groups, only the process itself is signalled.
 *
 * A program that daemonizes (double fork and `setsid()`) leaves the group.
 * Each start therefore also gives the process a mark in its environment
 * (lib/process/marks.ts) that its descendants inherit: once the group is
 * gone, what still carries the mark is found (on Linux, through /proc) and
 * killed, and the test's output says so.
 *
 * The groups still alive are kept here, so that an interrupted or exiting
 * test run can kill them all (lib/core/interrupt.ts).
 *
 * A pid is only a name for a process until its exit is seen: then the kernel may give the
 * number to any new process (another test's, the user's shell). So a process whose exit was
 * seen is never signalled by its pid again, and its group only while a live member of it is
 * surely the tree's: it carries the tree's mark, or it started before the leader was reaped
 * (see {@link killTree} and lib/process/group-members.ts).
 */
interface Tree {
  child: ChildProcess
  /** The mark in its environment, if it was given one. */
  mark?: string
  /** `process "node app.js"`, `program "make"`: for the line that says it daemonized. */
  name: string
  /** When Node reaped it (ticks since boot, as /proc/PID/stat counts): see {@link belongsToTree}. */
  reapedAt?: number
}
/** Keyed by the child, not its pid: a pid reused by a later start must not replace this entry. */
const live = new Map<ChildProcess, Tree>()

/** How a started process group is remembered. */
export interface TrackOptions {
  /** The mark its environment carries (see lib/process/marks.ts). */
  mark?: string
  /** What it is, for messages: `process "node app.js"`. Default: its command line. */
  name?: string
}

/** Remembers a started process group until {@link forgetTree}. */
export function trackTree(child: ChildProcess, options: TrackOptions = {}): void {
  if (child.pid === undefined) return
  startReaper()
  const name = options.name ?? `program "${child.spawnargs.join(" ")}"`
  const tree: Tree = { child, mark: options.mark, name }
  live.set(child, tree)
  // Node emits 'exit' in the same step as it reaps: no new process can have the pid before.
  // First among the listeners: a listener that kills the tree on exit needs it already.
  if (!exitSeen(child)) child.prependOnceListener("exit", () => (tree.reapedAt = ticksSinceBoot()))
}

/** The group was killed (or is known to be empty): nothing left to do for it. */
export function forgetTree(child: ChildProcess): void {
  live.delete(child)
}

/** How many process groups are tracked (for tests). */
export function liveTrees(): number {
  return live.size
}

/**
 * True once Node has reaped the process (its exit was seen): from then on its pid may be
 * handed to any new process, and nothing may be sent to that number as to the process. Node
 * sets `exitCode` or `signalCode` in the same step as it reaps, so while both are null the
 * process (alive or a zombie) still holds its pid and its group's id.
 *
 * @example
 * ```ts
 * if (!exitSeen(proc.child)) process.kill(proc.pid, "SIGSTOP")
 * ```
 */
export function exitSeen(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal)
  } catch {
    // ESRCH: nothing left to signal
  }
}

/**
 * Sends `signal` to the whole group of `child` and to `child` itself — only to what is
 * surely still its own. While its exit has not been seen, its pid and group id are its own.
 * Once it has, the process itself is never signalled again (its pid may be another's), and
 * its group only while a live member of it is surely the tree's (Linux: the group id cannot be
 * reused while a member lives; see {@link belongsToTree}); elsewhere nothing is sent.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  const pid = child.pid
  if (pid === undefined) return
  if (!exitSeen(child)) {
    send(-pid, signal)
    send(pid, signal)
    return
  }
  if (treeMembersLive(child)) send(-pid, signal)
}

/** Whether a live member of the group of `child`, whose exit was seen, is surely its tree's. */
function treeMembersLive(child: ChildProcess): boolean {
  const tree = live.get(child)
  if (!tree) return false
  return groupMembers(child.pid!).some(
    (m) => isLive(m) && belongsToTree(m, tree.mark, tree.reapedAt),
  )
}

/**
 * Kills every tracked tree with SIGKILL, synchronously (it runs in `exit`
 * handlers too). Returns the group leaders, so an async caller can wait
 * until Node has reaped them (no zombie left behind).
 */
export function killAllTrees(): ChildProcess[] {
  const trees = [...live.values()]
  for (const { child } of trees) killTree(child, "SIGKILL")
  const marks = new Set(trees.flatMap((t) => (t.mark ? [t.mark] : [])))
  killMarked(findMarked(marks, Math.min(...trees.map((t) => t.child.pid!))))
  live.clear()
  return trees.map((t) => t.child)
}

/** How often a killed group is checked for survivors. */
const POLL_MS = 10

/**
 * Whether a live (not zombie) member of the group of `child` is left. On Linux this reads
 * /proc, because a killed orphan stays a zombie group member until whoever adopted it reaps
 * it (and some container inits never do); a zombie holds no port and runs no code. Once the
 * leader's exit was seen, only members surely the tree's count (the group id may be
 * another's). Elsewhere it asks kill(0), and only while the leader is not reaped.
 */
function groupAlive(child: ChildProcess): boolean {
  const pid = child.pid!
  const seen = exitSeen(child)
  if (!canListGroups) {
    if (seen) return false
    try {
      process.kill(-pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (seen) return treeMembersLive(child)
  return groupMembers(pid).some(isLive)
}

/**
 * SIGKILLs the whole group of `child` (as {@link killTree} allows) and waits (at most `ms`)
 * until none of its members runs any more, so their ports are free when this resolves.
 * Then finds what carries the tree's mark outside the group (a daemon), kills it, says so on
 * stderr, and waits for it too (same bound).
 */
export async function killTreeAndWait(child: ChildProcess, ms = 1000): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  killTree(child, "SIGKILL")
  const deadline = performance.now() + ms
  while (groupAlive(child) && performance.now() < deadline) await delay(POLL_MS)
  const tree = live.get(child)
  if (!tree?.mark) return
  const marks = new Set([tree.mark])
  let found = findMarked(marks, pid)
  if (found.length === 0) return
  reportDaemons(tree.name, pid, found)
  // A daemon may fork again while it dies: search again until nothing carries the mark.
  while (found.length > 0 && performance.now() < deadline) {
    killMarked(found)
    await delay(POLL_MS)
    found = findMarked(marks, pid)
  }
}

function reportDaemons(name: string, pid: number, found: MarkedProcess[]): void {
  const list = found.map((p) => `pid ${p.pid} (${p.command || "?"})`).join(", ")
  trace("%s (pid %d) daemonized: killing %s", name, pid, list)
  process.stderr.write(
    `  zmq-harness: ${name} (pid ${pid}) daemonized: ${list} left its process group and outlived it; ` +
      "killed with SIGKILL. Keep the program in the foreground under test (e.g. its --no-daemon option).\n",
  )
}

// The run's interrupt handlers (lib/core/interrupt.ts) kill every tracked tree on Ctrl-C and exit.
killOnInterrupt(killAllTrees)
