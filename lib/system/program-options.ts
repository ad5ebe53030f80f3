import { UsageError } from "../errors"
import { checkArgs, checkCommand, checkEnv } from "../process/command-line"
import { settings } from "../settings"
import { closestName } from "../util/closest-name"
import { optionalDuration } from "../util/duration"

/**
 * Options of {@link runProgram}.
 *
 * @example
 * ```ts
 * await runProgram("node", ["cli.js"], { timeout: 2000, input: "ping\n", env: { DEBUG: "" }, cwd: "examples" })
 * ```
 */
export interface RunProgramOptions {
  /** ms the program may run before its process tree is killed and the call fails. Default 10000. */
  timeout?: number
  /** Written to the program's standard input, which is then closed. Without it, stdin is empty. */
  input?: string | Uint8Array
  /** Variables merged over the test's environment; `undefined` removes one. */
  env?: Record<string, string | undefined>
  /** Working folder of the program. Default: the test's. */
  cwd?: string
  /**
   * How many characters of stdout and of stderr to keep, each (the newest):
   * the front of a longer output is replaced by a `[… N bytes cut …]` line.
   * Default `settings.programOutputLimit` (16 MiB).
   */
  outputLimit?: number
}

const KNOWN = ["timeout", "input", "env", "cwd", "outputLimit"]
const DEFAULT_TIMEOUT = 10_000

/**
 * The options of one run, checked, with their defaults.
 *
 * @example
 * ```ts
 * const checked: CheckedProgramOptions = { timeout: 10000, input: undefined, outputLimit: 16777216 }
 * ```
 */
export interface CheckedProgramOptions {
  timeout: number
  input: string | Uint8Array | undefined
  outputLimit: number
}

/**
 * Checks everything `runProgram` is given before anything is spawned (a
 * throw after the spawn would leave an untracked program running): the
 * command, its arguments, and every option.
 *
 * @example
 * ```ts
 * const { timeout, input, outputLimit } = checkProgramOptions("node", ["-v"], { timeout: 500 })
 * ```
 */
export function checkProgramOptions(
  command: unknown,
  args: unknown,
  options: unknown,
): CheckedProgramOptions {
  checkCommand("runProgram", command)
  checkArgs("runProgram", command, args)
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(
      `expected the options of runProgram("${command}", args, options) to be an object, got ${JSON.stringify(options)}.`,
    )
  }
  for (const key of Object.keys(options)) {
    if (KNOWN.includes(key)) continue
    const guess = closestName(key, KNOWN)
    throw new UsageError(
      `expected options of runProgram among ${KNOWN.join(", ")}, got an unknown option \`${key}\`.` +
        (guess ? ` Perhaps you meant \`${guess}\`?` : ""),
    )
  }
  const given = options as RunProgramOptions
  const input: unknown = given.input
  if (input !== undefined && typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new UsageError(
      `expected { input } of runProgram("${command}") to be a string or a Buffer, got ${describe(input)}. ` +
        "Give the text to write to its standard input, e.g. { input: String(n) }.",
    )
  }
  checkEnv(`runProgram("${command}", …)`, given.env)
  if (given.cwd !== undefined && typeof given.cwd !== "string") {
    throw new UsageError(
      `expected { cwd } of runProgram("${command}") to be a folder path, got ${describe(given.cwd)}.`,
    )
  }
  return {
    timeout: optionalDuration("runProgram({ timeout })", given.timeout, DEFAULT_TIMEOUT, {
      min: 1,
    }),
    input: input as string | Uint8Array | undefined,
    outputLimit:
      given.outputLimit === undefined ? settings.programOutputLimit : checkLimit(given.outputLimit),
  }
}

function checkLimit(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value
  throw new UsageError(
    `expected { outputLimit } of runProgram to be a whole number of characters above 0, got ${describe(value)}.`,
  )
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value)
  if (value === null) return "null"
  if (typeof value !== "object" && typeof value !== "function")
    return `${String(value)} (a ${typeof value})`
  return `an object of class ${value.constructor?.name ?? "Object"}`
}
