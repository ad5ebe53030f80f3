import * as fs from "node:fs"
import * as path from "node:path"
import { SpawnError, UsageError, ZmqHarnessError } from "../errors"
import { ProcessNotFoundError } from "./errors"

/**
 * Why a program could not be started, in one wording for `startProcess`,
 * `startModule` and `runProgram`: each caller passes its own name, so the
 * advice shows the call to write.
 */
export interface SpawnContext {
  /** The public function, for the advice: `"startProcess"`, `"runProgram"`… */
  caller: string
  /** The working folder option, as given. */
  cwd?: string
  /** The environment the program gets (its PATH is where it was looked for). */
  env: NodeJS.ProcessEnv
}

/**
 * Throws a {@link UsageError} when `cwd` is given but is not an existing
 * folder — checked before spawning, since spawn reports it as ENOENT, which
 * reads like a missing program.
 */
export function checkCwd(command: string, { caller, cwd }: SpawnContext): void {
  if (cwd === undefined) return
  const resolved = path.resolve(cwd)
  const stat = fs.statSync(resolved, { throwIfNoEntry: false })
  if (stat?.isDirectory()) return
  throw new UsageError(
    `expected { cwd } of ${caller}("${command}") to be an existing folder, got ${resolved}, ` +
      `which ${stat ? "is not a folder" : "does not exist"}. Create it or fix the path.`,
  )
}

/** A command line given as one string, e.g. `startProcess("node app.js")`: show the call to write. */
function noShellAdvice(command: string, caller: string): string {
  if (!/\s/.test(command.trim())) return ""
  const [program, ...args] = command.trim().split(/\s+/)
  return (
    ` No shell is used: give the program alone, and its arguments as a list: ` +
    `${caller}(${JSON.stringify(program)}, ${JSON.stringify(args).replace(/,/g, ", ")}).`
  )
}

/**
 * The folder that `command` names, when it is one: spawn reports a folder as
 * EACCES, which reads like a missing `chmod +x`. A bare name is looked up in
 * `PATH` as the system does.
 */
function folderGiven(
  command: string,
  isPath: boolean,
  from: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const candidates = isPath
    ? [path.resolve(from, command)]
    : (env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.resolve(from, dir, command))
  return candidates.find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isDirectory())
}

/**
 * The error for a failed spawn: {@link ProcessNotFoundError} when the program
 * is missing or cannot be run, a {@link ZmqHarnessError} (`ERR_ZMQH_PROGRAM`)
 * when the machine could not start any process (EMFILE, EAGAIN…).
 */
export function spawnError(
  command: string,
  error: NodeJS.ErrnoException,
  { caller, cwd, env }: SpawnContext,
): ZmqHarnessError {
  const from = path.resolve(cwd ?? ".")
  const isPath = command.includes("/") || command.includes(path.sep)
  const expected = `expected a program "${command}" to start, got ${error.code ?? "an error"}`
  const notFound = (text: string) =>
    new ProcessNotFoundError(`${expected}: ${text}${noShellAdvice(command, caller)}`, {
      cause: error,
      command,
    })
  switch (error.code) {
    case "ENOENT":
      return notFound(
        isPath
          ? `no file ${path.resolve(from, command)}. Check the path (relative paths start from ${from}).`
          : `no program of that name in PATH (${env.PATH ?? ""}). ` +
              "Check the spelling, give its path, or add its folder to PATH.",
      )
    case "EACCES": {
      const folder = folderGiven(command, isPath, from, env)
      if (folder) {
        return notFound(`${folder} is a folder, not a program. Give the path of the program in it.`)
      }
      return notFound(
        "it is not executable. Make it executable (chmod +x), or run it through its interpreter: " +
          `${caller}("node", ["${command}"]).`,
      )
    }
    case "ENOTDIR":
      return notFound(
        `a part of its path is not a folder (${path.resolve(from, command)}). Check the path.`,
      )
    default:
      // Not a missing program: the machine could not start one.
      return new SpawnError(
        `${expected}: ${error.message}. The system could not start a process; check its limits (ulimit -n, -u).`,
        { cause: error },
      )
  }
}
