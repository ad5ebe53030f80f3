import { statSync } from "node:fs"
import * as path from "node:path"
import { UsageError } from "../errors"
import { describeValue } from "./describe-value"

/**
 * The longest name of one file or folder, in bytes (`NAME_MAX` on Linux, macOS and the BSDs):
 * past it, every file call fails with ENAMETOOLONG.
 */
export const MAX_NAME_BYTES = 255

/** The longest path, in bytes (`PATH_MAX` on Linux, less its NUL). */
export const MAX_PATH_BYTES = 4095

/** The nearest folder of `absolute` that exists, and what is there (a folder, or a file in the way). */
function nearestExisting(absolute: string): { at: string; folder: boolean } | undefined {
  for (let at = path.dirname(absolute); ; at = path.dirname(at)) {
    try {
      return { at, folder: statSync(at).isDirectory() }
    } catch {
      if (path.dirname(at) === at) return undefined
    }
  }
}

/**
 * Checks, when a call is made, a path the toolkit will write to (or read from) later, so that
 * a path that cannot work fails at the call with what to do, not at the test's end with a raw
 * `ENAMETOOLONG` or `EISDIR`: a non-empty string, no NUL character, no name longer than
 * {@link MAX_NAME_BYTES} bytes, not a folder, and under a folder (not under a file). Returns
 * the absolute path.
 *
 * @param option the option as the user wrote it, e.g. "`path` of record(\"quotes\")"
 * @example
 * ```ts
 * const absolute = checkFilePath("test/cassettes/quotes.json", '`path` of record("quotes")')
 * ```
 */
export function checkFilePath(value: unknown, option: string): string {
  const refuse = (got: string, fix: string) =>
    new UsageError(`expected ${option} to be a file path, got ${got}. ${fix}`)
  if (typeof value !== "string" || value === "")
    throw refuse(describeValue(value), 'Give a file such as "test/cassettes/name.json".')
  if (value.includes("\0"))
    throw refuse(
      `${JSON.stringify(value)}, which holds a NUL character`,
      "No file name can hold one: remove it.",
    )
  const absolute = path.resolve(value)
  const long = absolute.split(path.sep).find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES)
  if (long !== undefined)
    throw refuse(
      `a name of ${Buffer.byteLength(long)} bytes ("${long.slice(0, 24)}…")`,
      `A file or folder name holds at most ${MAX_NAME_BYTES} bytes: use a shorter one.`,
    )
  if (Buffer.byteLength(absolute) > MAX_PATH_BYTES)
    throw refuse(
      `a path of ${Buffer.byteLength(absolute)} bytes`,
      `A path holds at most ${MAX_PATH_BYTES} bytes: use a shorter one.`,
    )
  let folder = false
  try {
    folder = statSync(absolute).isDirectory()
  } catch {
    // Not there yet: it will be made.
  }
  if (folder)
    throw refuse(
      `${JSON.stringify(value)}, which is a folder`,
      "Name a file in it, e.g. a .json file.",
    )
  const above = nearestExisting(absolute)
  if (above && !above.folder)
    throw refuse(
      `${JSON.stringify(value)}, under ${above.at}, which is a file, not a folder`,
      "Check the path.",
    )
  return absolute
}
