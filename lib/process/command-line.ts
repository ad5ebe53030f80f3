import { UsageError } from "../errors"

/**
 * The command and arguments of `startProcess`, `startModule` and
 * `runProgram`: checked with one wording, and shown in messages as one line.
 * No shell is ever used, so each argument must be its own string.
 */

/** Throws a {@link UsageError} unless `command` is a non-empty string. */
export function checkCommand(caller: string, command: unknown): asserts command is string {
  if (typeof command === "string" && command !== "") return
  throw new UsageError(
    `expected ${caller}(command, args, options) to get a program name or path, got ${JSON.stringify(command)}.`,
  )
}

/** Throws a {@link UsageError} unless `args` is a list of strings. */
export function checkArgs(caller: string, command: string, args: unknown): void {
  if (Array.isArray(args) && args.every((a) => typeof a === "string")) return
  throw new UsageError(
    `expected the arguments of ${caller}("${command}", …) as a list of strings, got ${JSON.stringify(args)}. ` +
      'No shell is used: pass each argument as its own string, e.g. ["--port", String(port)].',
  )
}

/** Messages stay readable: a longer command line is cut, with an ellipsis. */
const MAX_SHOWN = 120

/**
 * The command line as a reader would type it: an argument with anything but
 * plain characters (spaces, quotes, `$`, parentheses…) is JSON-quoted.
 */
export function commandLine(command: string, args: readonly string[]): string {
  const text = [command, ...args]
    .map((a) => (/^[\w./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(" ")
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 1) + "…" : text
}
