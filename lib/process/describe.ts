import { describeExit, tailLines, type ExitStatus } from "./errors"

/** What the hang report and timeout errors say of a process. */
export interface ProcessState {
  /** `process "node app.js" (pid 1234)`. */
  name: string
  /** How it ended; undefined while it runs. */
  status: ExitStatus | undefined
  /** ms it ran (until its exit, or until now). */
  lifetime: number
  paused: boolean
  stdout: string
  stderr: string
}

/**
 * One line of state and the last 5 lines of each output stream, e.g.
 * `process "node pong.js" (pid 1234): running for 812 ms`, then the tails,
 * indented under it.
 */
export function describeProcess(p: ProcessState): string {
  const state = p.status
    ? `exited with ${describeExit(p.status)} after ${p.lifetime} ms`
    : `${p.paused ? "paused" : "running"} for ${p.lifetime} ms`
  const tail = (text: string) => tailLines(text, 5, "      ")
  return `${p.name}: ${state}\n    stdout (last 5 lines):\n${tail(p.stdout)}\n    stderr (last 5 lines):\n${tail(p.stderr)}`
}
