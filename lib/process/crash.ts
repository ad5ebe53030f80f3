import { describeExit, ProcessExitedError, tailLines, type ExitStatus } from "./errors"

/** Signals with which the test asks a process to end: an exit after one is expected, whatever its code. */
export const TERMINATING = new Set<string>([
  "SIGTERM",
  "SIGINT",
  "SIGHUP",
  "SIGQUIT",
  "SIGKILL",
  "SIGABRT",
])

/** What the handle knows of what the test asked for. */
export interface ExitExpectations {
  /** `stop()` was called, or a terminating signal was sent with `kill()`. */
  terminating: boolean
  /** Every signal the test sent. */
  sent: ReadonlySet<string>
}

/**
 * The crash rule: an exit is unexpected when the test did not ask the process
 * to end and it exited with a non-zero code, or by a signal the test did not
 * send. An exit with code 0 is not a crash (waits on its output still fail at
 * once, since no more will come).
 */
export function isCrash(status: ExitStatus, expected: ExitExpectations): boolean {
  if (expected.terminating) return false
  if (status.signal) return !expected.sent.has(status.signal)
  return status.code !== 0
}

/** The error every pending wait of the test fails with when a process crashed. */
export function crashError(
  name: string,
  status: ExitStatus,
  stderr: string,
  ms: number,
  /** Advice from where it ran (the host of a topology), put before the usual one. */
  hint?: string,
): ProcessExitedError {
  return new ProcessExitedError(
    status,
    stderr,
    `expected ${name} to keep running, got ${describeExit(status)} after ${ms} ms. ` +
      `Last 20 lines of its stderr:\n${tailLines(stderr, 20)}\n` +
      (hint ? `${hint}\n` : "") +
      "Every wait of this test failed at once because of it. If the process should end by itself, " +
      "start it with `{ failOnExit: false }` and await `proc.exited`.",
  )
}
