import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"

/**
 * Every process under test (`startProcess`, `startModule`) and every program
 * run by `runProgram` is started as the leader of its own process group
 * (`detached: true`, so `setsid()`), and everything it starts stays in that
 * group unless it leaves on purpose. Signalling `-pid` then reaches the whole
 * tree, grandchildren included, with no need to list them. On Windows, where
 * there are no process groups, only the process itself is signalled.
 *
 * The groups still alive are kept here, so that an interrupted or exiting
 * test run can kill them all (lib/mocha/interrupt.ts).
 */
const live = new Map<number, ChildProcess>()

/** Remembers a started process group until {@link forgetTree}. */
export function trackTree(child: ChildProcess): void {
  if (child.pid !== undefined) live.set(child.pid, child)
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
  const children = [...live.values()]
  for (const child of children) killTree(child.pid!, "SIGKILL")
  live.clear()
  return children
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
 */
export async function killTreeAndWait(pid: number, ms = 1000): Promise<void> {
  killTree(pid, "SIGKILL")
  const deadline = performance.now() + ms
  while (groupAlive(pid) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
