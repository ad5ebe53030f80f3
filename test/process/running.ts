import * as fs from "node:fs"

/**
 * Whether a process is alive: it exists and is not a zombie (a zombie is dead,
 * only waiting for whoever adopted it to read its status).
 */
export function isRunning(pid: number): boolean {
  let stat: string
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  } catch {
    return false
  }
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)
  return state !== "Z" && state !== "X"
}

/** Waits (at most `ms`) until the process no longer runs; returns whether it stopped. */
export async function stopsRunning(pid: number, ms = 1000): Promise<boolean> {
  const deadline = performance.now() + ms
  while (isRunning(pid)) {
    if (performance.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return true
}
