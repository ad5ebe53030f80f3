import { randomBytes } from "node:crypto"
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs"
import * as path from "node:path"
import { CassetteInvalidError } from "../errors"
import { cassetteText, type Cassette } from "./format"

/**
 * Writes a cassette so that a failure leaves the old file whole: the text
 * goes to a temporary file in the same folder, is flushed, and is renamed
 * over the old one (atomic within one file system), as golden files are
 * written (lib/system/golden-file.ts). Missing folders are made.
 */
export function writeCassette(shown: string, absolute: string, cassette: Cassette): void {
  const exists = existsSync(absolute)
  // A cassette that is a symlink stays one: write where it points.
  const target = exists ? realpathSync(absolute) : absolute
  const folder = path.dirname(target)
  const temporary = path.join(
    folder,
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  )
  try {
    mkdirSync(folder, { recursive: true })
    const fd = openSync(temporary, "wx")
    try {
      const bytes = Buffer.from(cassetteText(cassette), "utf8")
      // A write may be short (a nearly full disk): go on until all is written or it fails.
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (exists) chmodSync(temporary, statSync(target).mode & 0o7777)
    renameSync(temporary, target)
  } catch (err) {
    try {
      rmSync(temporary, { force: true })
    } catch {
      // Its folder is not one (ENOTDIR): nothing was created there.
    }
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
