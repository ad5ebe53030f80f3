import { existsSync, mkdirSync, realpathSync } from "node:fs"
import * as path from "node:path"
import { CassetteInvalidError } from "../errors"
import { replaceFileSync } from "../util/replace-file"
import { cassetteText, type Cassette } from "./format"

/**
 * Writes a cassette so that a failure leaves the old file whole: the text
 * goes to a temporary file in the same folder, is flushed, and is renamed
 * over the old one (atomic within one file system: lib/util/replace-file.ts, as golden
 * files). Missing folders are made.
 */
export function writeCassette(shown: string, absolute: string, cassette: Cassette): void {
  const exists = existsSync(absolute)
  // A cassette that is a symlink stays one: write where it points.
  const target = exists ? realpathSync(absolute) : absolute
  const folder = path.dirname(target)
  try {
    mkdirSync(folder, { recursive: true })
    replaceFileSync(target, cassetteText(cassette), exists)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    // Not invalid content, but the one cassette error about its file: named, with the cause.
    throw new CassetteInvalidError(
      shown,
      `expected to write cassette ${shown}, got ${e.code ?? "an error"}: ${e.message}. ` +
        `Check that ${folder} is writable and the disk has room. ` +
        (exists ? "The old cassette is kept unchanged." : "No file was created."),
      { cause: err },
    )
  }
}
