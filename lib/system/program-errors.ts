import { existsSync } from "node:fs"
import * as path from "node:path"
import { codes, UsageError, ZmqHarnessError } from "../errors"
import { ProgramError, ProgramNotFoundError } from "./errors"
import type { RunProgramOptions } from "./run-program"
import { renderOutput } from "./text"

/** The errors of runProgram: why a program could not start, or why it was killed. */

export function startError(
  command: string,
  error: NodeJS.ErrnoException,
  options: RunProgramOptions,
): Error {
  const cwd = path.resolve(options.cwd ?? ".")
  if (error.code === "ENOENT" && options.cwd !== undefined && !existsSync(cwd)) {
    return new UsageError(
      codes.INVALID_ARGUMENT,
      `expected { cwd } of runProgram("${command}") to be an existing folder, got ${cwd}, which does not exist.`,
      { cause: error },
    )
  }
  const isPath = command.includes("/") || command.includes(path.sep)
  if (error.code === "ENOENT") {
    const where = isPath
      ? `no file ${path.resolve(cwd, command)}. Check the path (relative paths start from ${cwd})`
      : `no program of that name in PATH (${options.env?.PATH ?? process.env.PATH ?? ""}). ` +
        "Check the spelling, give its path, or add its folder to PATH"
    return new ProgramNotFoundError(
      command,
      `expected a program "${command}" to run, got ${where}.`,
      { cause: error },
    )
  }
  if (error.code === "EACCES") {
    return new ProgramNotFoundError(
      command,
      `expected a program "${command}" to run, got EACCES: it is not executable. ` +
        `Make it executable (chmod +x), or run it through its interpreter: runProgram("node", ["${command}"]).`,
      { cause: error },
    )
  }
  // Not a missing program (EMFILE, EAGAIN…): the machine could not start one.
  return new ZmqHarnessError(
    codes.PROGRAM,
    `expected a program "${command}" to start, got ${error.code ?? "an error"}: ${error.message}. ` +
      "The system could not start a process; check its limits (ulimit -n, -u).",
    { cause: error },
  )
}

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
