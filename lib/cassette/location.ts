import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { checkFilePath } from "../util/file-path"

/** The folder of cassettes named by `record(name)`, relative to the working folder. */
export const CASSETTE_FOLDER = "test/cassettes"

/** Where a cassette lives: as shown in messages, and absolute. */
export interface CassetteLocation {
  readonly shown: string
  readonly absolute: string
}

/**
 * The file of cassette `name`: `path` when given (relative to the working
 * folder), else `test/cassettes/<name>.json`; checked at the call (see checkFilePath).
 */
export function cassetteLocation(name: unknown, file: unknown, call: string): CassetteLocation {
  if (
    typeof name !== "string" ||
    !/^[\w.-]+(\/[\w.-]+)*$/.test(name) ||
    /(^|\/)\.\.?(\/|$)/.test(name)
  ) {
    throw new UsageError(
      `expected the name of ${call} to be a cassette name such as "kernel-info" (letters, digits, . _ - and / for subfolders), ` +
        `got ${describeValue(name)}. Give a file with the \`path\` option to store it elsewhere.`,
    )
  }
  const shown = (file ?? `${CASSETTE_FOLDER}/${name}.json`) as string
  // At the call, not when the test ends: a path that cannot be written fails here.
  const absolute = checkFilePath(
    shown,
    file === undefined ? `the cassette of ${call}` : `\`path\` of ${call}`,
  )
  return { shown, absolute }
}
