import { UsageError } from "../errors"

/**
 * The command and arguments of `startProcess`, `startModule` and
 * `runProgram`: checked with one wording, and shown in messages as one line.
 * No shell is ever used, so each argument must be its own string.
 */

/** Throws a {@link UsageError} unless `command` is a non-empty string. */
export function checkCommand(caller: string, command: unknown): asserts command is string {
  if (typeof command === "string" && command !== "" && !command.includes("\0")) return
  throw new UsageError(
    `expected ${caller}(command, args, options) to get a program name or path, got ${JSON.stringify(command)}.`,
  )
}

/** Throws a {@link UsageError} unless `args` is a list of strings. */
export function checkArgs(caller: string, command: string, args: unknown): void {
  if (Array.isArray(args) && args.every((a) => typeof a === "string" && !a.includes("\0"))) return
  throw new UsageError(
    `expected the arguments of ${caller}("${command}", …) as a list of strings, got ${JSON.stringify(args)}. ` +
      'No shell is used: pass each argument as its own string, e.g. ["--port", String(port)].',
  )
}

/**
 * Throws a {@link UsageError} unless `env` is absent or an object whose
 * values are strings (or `undefined`, which removes a variable) — checked
 * before spawning: Node turns a number into text silently, an object into
 * "[object Object]", and throws on a NUL character after nothing is tracked.
 *
 * @example
 * ```ts
 * checkEnv('runProgram("node", …)', { PORT: 5678 }) // UsageError: … got PORT: 5678 …
 * ```
 */
export function checkEnv(call: string, env: unknown): void {
  if (env === undefined) return
  const bad =
    env === null || typeof env !== "object" || Array.isArray(env)
      ? `${JSON.stringify(env) ?? String(env)}, not an object`
      : Object.entries(env)
          .filter(([, v]) => v !== undefined && (typeof v !== "string" || v.includes("\0")))
          .map(
            ([k, v]) =>
              `${k}: ${typeof v === "string" ? "text with a NUL character" : (JSON.stringify(v) ?? String(v))}`,
          )
          .join(", ")
  if (!bad) return
  throw new UsageError(
    `expected { env } of ${call} to map names to strings (or undefined to remove one), got ${bad}. ` +
      "Give every value as text, e.g. { PORT: String(port) }.",
  )
}

/** Messages stay readable: a longer command line is shortened, with an ellipsis. */
const MAX_SHOWN = 120
/** What a shortened word keeps of its start (`/home/…`): enough to tell one root from another. */
const KEEP_HEAD = 8

/**
 * The command line as a reader would type it: an argument with anything but
 * plain characters (spaces, quotes, `$`, parentheses…) is JSON-quoted.
 * Past {@link MAX_SHOWN} characters the longest words (long absolute paths,
 * as a deep checkout gives) are cut in their middle, keeping their start and
 * their end (the file name), so the program and every argument stay visible
 * wherever the project lies; only then is the line cut at its end.
 */
export function commandLine(command: string, args: readonly string[]): string {
  const words = [command, ...args].map((a) => (/^[\w./:=@%+,-]+$/.test(a) ? a : JSON.stringify(a)))
  const length = () => words.reduce((sum, w) => sum + w.length, words.length - 1)
  while (length() > MAX_SHOWN) {
    const longest = words.reduce((best, w, i) => (w.length > words[best].length ? i : best), 0)
    const word = words[longest]
    const keep = Math.max(word.length - (length() - MAX_SHOWN) - 1, 2 * KEEP_HEAD)
    if (keep + 1 >= word.length) break
    words[longest] = word.slice(0, KEEP_HEAD) + "…" + word.slice(word.length - (keep - KEEP_HEAD))
  }
  const text = words.join(" ")
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 1) + "…" : text
}
