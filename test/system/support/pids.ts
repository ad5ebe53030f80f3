import { readFileSync } from "node:fs"

/** True when no live process has this pid (a zombie waiting to be reaped counts as gone). */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return true
  }
  try {
    // "<pid> (<name>) <state> …": state Z is a zombie, dead but not yet reaped by its new parent.
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return true
  }
}

/**
 * Resolves once every pid is gone, or rejects after `ms`. The kernel gives no
 * event for the death of a process that is not our child, so this polls —
 * with a bound.
 */
export async function waitUntilGone(pids: number[], ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    const alive = pids.filter((pid) => !isGone(pid))
    if (alive.length === 0) return
    if (Date.now() > deadline)
      throw new Error(`processes still alive after ${ms} ms: ${alive.join(", ")}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The pids a fixture printed as `<name> pid <n>`. */
export function printedPids(text: string): number[] {
  return [...text.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]))
}
