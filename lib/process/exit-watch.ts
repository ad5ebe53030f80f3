import type { ChildProcess } from "node:child_process"
import type { ExitStatus } from "./errors"

/** How long after `exit` to wait for stdout/stderr to end (a grandchild may hold them open). */
const STDIO_DRAIN_MS = 50

/**
 * Resolves once the child has exited and its output is complete: at
 * `close`, or `STDIO_DRAIN_MS` after `exit` when something else (a
 * grandchild) still holds the pipes — they are then closed on our side,
 * since the process itself is gone. `onExit` runs once, right after.
 */
export function watchExit(
  child: ChildProcess,
  onExit: (status: ExitStatus) => void,
): Promise<ExitStatus> {
  return new Promise((resolve) => {
    let drain: NodeJS.Timeout | undefined
    let settled = false
    const settle = (status: ExitStatus) => {
      if (settled) return
      settled = true
      clearTimeout(drain)
      child.stdout?.destroy()
      child.stderr?.destroy()
      child.stdin?.destroy()
      resolve(status)
      onExit(status)
    }
    child.once("exit", (code, signal) => {
      drain = setTimeout(() => settle({ code, signal }), STDIO_DRAIN_MS)
    })
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) =>
      settle({ code, signal }),
    )
  })
}
