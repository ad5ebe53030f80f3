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
