import * as path from "node:path"
import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"

/** The folder of cassettes named by `record(name)`, relative to the working folder. */
export const CASSETTE_FOLDER = "test/cassettes"

/** Where a cassette lives: as shown in messages, and absolute. */
export interface CassetteLocation {
  readonly shown: string
  readonly absolute: string
}

/**
 * The file of cassette `name`: `path` when given (relative to the working
 * folder), else `test/cassettes/<name>.json`.
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
  if (file !== undefined && (typeof file !== "string" || file === "")) {
    throw new UsageError(
      `expected \`path\` of ${call} to be a file path, got ${describeValue(file)}.`,
    )
  }
  const shown = file ?? `${CASSETTE_FOLDER}/${name}.json`
  return { shown, absolute: path.resolve(shown) }
}
