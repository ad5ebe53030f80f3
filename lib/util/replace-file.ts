import { randomBytes } from "node:crypto"
import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs"
import * as path from "node:path"

/**
 * Writes `text` to `target` whole or not at all, for files people commit (golden files,
 * cassettes): the text goes to a temporary file in the same folder, is flushed to disk, and
 * only then renamed over the old file (a rename within one file system is atomic). The old
 * file's mode is kept. On failure (a full disk, a folder without write permission, a
 * read-only file system) the temporary file is removed, the old file is as it was, and the
 * file system's error is thrown for the caller to name.
 *
 * `target` must be the real path (a symlink resolved) and its folder must exist.
 *
 * @example
 * ```ts
 * replaceFileSync(realpathSync("test/golden/out.txt"), actual, true)
 * ```
 */
export function replaceFileSync(target: string, text: string, exists: boolean): void {
  const temporary = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  )
  try {
    const fd = openSync(temporary, "wx")
    try {
      // A write may be short (a nearly full disk): go on until all is written or it fails.
      const bytes = Buffer.from(text, "utf8")
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
    throw err
  }
}
