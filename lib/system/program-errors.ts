import { ProgramError } from "./errors"
import { renderOutput } from "./text"

/**
 * The error of a program runProgram killed: its timeout passed, or the test
 * ended first. (Why a program could not start: lib/process/spawn-errors.ts.)
 */
export function killedError(
  shown: string,
  why: "timeout" | "test end",
  timeout: number,
  pid: number | undefined,
  output: { stdout: string; stderr: string },
  duration: number,
): ProgramError {
  const what =
    why === "timeout"
      ? `expected ${shown} to exit within ${timeout} ms, got no exit; killed it and its process group (pid ${pid}). ` +
        "Raise { timeout } if it is only slow, or see from its output why it hangs"
      : `expected ${shown} to exit before the test ended, got the end of the test after ${Math.round(duration)} ms; ` +
        `killed it and its process group (pid ${pid})`
  return new ProgramError(
    shown,
    output,
    duration,
    `${what}:\n${renderOutput(output.stdout, output.stderr)}`,
  )
}
