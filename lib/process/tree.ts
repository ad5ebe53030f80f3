import { killOnInterrupt } from "../core/interrupt"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import { delay } from "../util/timers"
import { findMarked, killMarked, type MarkedProcess } from "./marks"
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
 */
interface Tree {
  child: ChildProcess
  /** The mark in its environment, if it was given one. */
  mark?: string
  /** `process "node app.js"`, `program "make"`: for the line that says it daemonized. */
  name: string
}
const live = new Map<number, Tree>()

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
  const name = options.name ?? `program "${child.spawnargs.join(" ")}"`
  live.set(child.pid, { child, mark: options.mark, name })
}

/** The group was killed (or is known to be empty): nothing left to do for it. */
export function forgetTree(pid: number): void {
  live.delete(pid)
}

/** How many process groups are tracked (for tests). */
export function liveTrees(): number {
  return live.size
}

/**
 * Sends `signal` to the whole group of `pid` and to `pid` itself. Errors are
 * ignored: ESRCH means there is nothing left to signal.
 */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // no group left
  }
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

/**
 * Kills every tracked tree with SIGKILL, synchronously (it runs in `exit`
 * handlers too). Returns the group leaders, so an async caller can wait
 * until Node has reaped them (no zombie left behind).
 */
export function killAllTrees(): ChildProcess[] {
  const trees = [...live.values()]
  for (const { child } of trees) killTree(child.pid!, "SIGKILL")
  const marks = new Set(trees.flatMap((t) => (t.mark ? [t.mark] : [])))
  killMarked(findMarked(marks, Math.min(...trees.map((t) => t.child.pid!))))
  live.clear()
  return trees.map((t) => t.child)
}

/** How often a killed group is checked for survivors. */
const POLL_MS = 10

/**
 * Whether a live (not zombie) member of the process group `pgid` is left.
 * On Linux this reads /proc, because a killed orphan stays a zombie group
 * member until whoever adopted it reaps it (and some container inits never
 * do); a zombie holds no port and runs no code. Elsewhere it asks kill(0).
 */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
  } catch {
    return false
  }
  if (process.platform !== "linux") return true
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
    } catch {
      continue
    }
    // Fields after the command name: state ppid pgrp …
    const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    if (Number(group) === pgid && state !== "Z" && state !== "X") return true
  }
  return false
}

/**
 * SIGKILLs the whole group of `pid` and waits (at most `ms`) until none of
 * its members runs any more, so their ports are free when this resolves.
 * Then finds what carries the tree's mark outside the group (a daemon),
 * kills it, says so on stderr, and waits for it too (same bound).
 */
export async function killTreeAndWait(pid: number, ms = 1000): Promise<void> {
  killTree(pid, "SIGKILL")
  const deadline = performance.now() + ms
  while (groupAlive(pid) && performance.now() < deadline) await delay(POLL_MS)
  const tree = live.get(pid)
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
