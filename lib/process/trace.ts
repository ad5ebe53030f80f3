import type { ChildProcess } from "node:child_process"
import createDebug from "debug"

/**
 * `DEBUG=zmq-harness:process`: the life of every process under test as it
 * happens: spawn (command, pid), readiness, signals sent, exit status, and
 * processes killed because they daemonized. See docs/tracing.md.
 *
 * @example
 * ```ts
 * trace("%s spawned", proc.name)
 * ```
 */
export const trace = createDebug("zmq-harness:process")

/** `DEBUG=zmq-harness:output`: each line a process under test writes, as it comes. */
const output = createDebug("zmq-harness:output")

/**
 * With `DEBUG=zmq-harness:output`, prints each line the child writes on
 * stdout or stderr as it comes, prefixed with its pid and the stream
 * (`1234 stderr| listening`). A partial last line is printed when the
 * stream ends. Costs nothing when the namespace is off.
 *
 * @example
 * ```ts
 * traceOutput(child)
 * ```
 */
export function traceOutput(child: ChildProcess): void {
  if (!output.enabled) return
  for (const name of ["stdout", "stderr"] as const) {
    const stream = child[name]
    if (!stream) continue
    let partial = ""
    // Reads the same chunks as the capture (a second 'data' listener); decoding stays the capture's.
    stream.on("data", (chunk: Buffer | string) => {
      const lines = (partial + chunk.toString()).split("\n")
      partial = lines.pop()!
      for (const line of lines) output("%d %s| %s", child.pid, name, line)
    })
    stream.once("close", () => {
      if (partial) output("%d %s| %s", child.pid, name, partial)
      partial = ""
    })
  }
}
