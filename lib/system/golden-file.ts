import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from "node:fs"
import * as path from "node:path"
import { structuredPatch } from "diff"
import { PREFIX } from "../errors"
import { replaceFileSync } from "../util/replace-file"
import { GoldenError } from "./errors"

/** The file side of a golden comparison: reading, writing (UPDATE_GOLDEN) and the line diff. */

export function readGolden(file: string, absolute: string): string {
  const folder = path.dirname(absolute)
  if (!existsSync(folder)) {
    throw new GoldenError(
      file,
      `expected golden file ${file} in folder ${folder}, got no such folder. ` +
        `Check the path (it is relative to the working folder ${process.cwd()}), ` +
        "or run the test with UPDATE_GOLDEN=1 to create the folder and the file.",
    )
  }
  if (!existsSync(absolute)) {
    throw new GoldenError(
      file,
      `expected golden file ${file} (${absolute}), got no such file. ` +
        "Run the test once with UPDATE_GOLDEN=1 to create it from the actual text, then review and commit it.",
    )
  }
  if (statSync(absolute).isDirectory()) {
    throw new GoldenError(
      file,
      `expected golden file ${file} to be a file, got a folder (${absolute}). Give the path of a file in it.`,
    )
  }
  return readFileSync(absolute, "utf8")
}

/**
 * Writes a golden file (UPDATE_GOLDEN) so that a failure leaves the old one
 * whole: the text goes to a temporary file in the same folder, is flushed
 * to disk, and only then renamed over the old file (a rename within one
 * file system is atomic). A full disk, a folder without write permission or
 * a read-only file system become a {@link GoldenError}; the old file is kept.
 */
export function writeGolden(file: string, absolute: string, actual: string): void {
  const exists = existsSync(absolute)
  if (exists && readFileSync(absolute, "utf8") === actual) return
  // A golden file that is a symlink stays one: write where it points.
  const target = exists ? realpathSync(absolute) : absolute
  const folder = path.dirname(target)
  const newFolder = !existsSync(folder)
  try {
    if (newFolder) mkdirSync(folder, { recursive: true })
  } catch (err) {
    throw writeFailure(file, folder, err as NodeJS.ErrnoException, false)
  }
  try {
    replaceFileSync(target, actual, exists)
  } catch (err) {
    throw writeFailure(file, folder, err as NodeJS.ErrnoException, exists)
  }
  process.stderr.write(
    `${PREFIX}UPDATE_GOLDEN is set: ${exists ? "updated" : "created"} golden file ${file}` +
      `${newFolder ? ` (and its folder ${path.relative(process.cwd(), folder) || folder})` : ""}. Review it before you commit.\n`,
  )
}

/** Why a golden file could not be written, and what to do; the old file (if any) is untouched. */
function writeFailure(
  file: string,
  folder: string,
  err: NodeJS.ErrnoException,
  existed: boolean,
): GoldenError {
  const why =
    err.code === "ENOSPC" || err.code === "EDQUOT"
      ? `the disk is full (${err.code}). Free some space`
      : err.code === "EACCES" || err.code === "EPERM"
        ? `no permission to write in ${folder} (${err.code}). Give the test's user write access to the folder`
        : err.code === "EROFS"
          ? `a read-only file system (EROFS) at ${folder}. Write golden files on a writable one`
          : `${err.code ?? "an error"}: ${err.message}. Check the path`
  return new GoldenError(
    file,
    `expected UPDATE_GOLDEN to write golden file ${file}, got ${why}, then run the test again. ` +
      (existed ? "The old file is kept unchanged." : "No file was created."),
    { cause: err },
  )
}

/**
 * The failure message of a mismatch, with a line diff whose signs are
 * Mocha's (`+ expected - actual`, printed below it): `+` lines are only in
 * the golden file, `-` lines only in the actual text.
 */
export function mismatchMessage(file: string, expected: string, actual: string): string {
  const patch = structuredPatch("actual", file, actual, expected, "", "", { context: 3 })
  let onlyActual = 0
  let onlyGolden = 0
  const body: string[] = []
  for (const hunk of patch.hunks) {
    body.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`)
    for (const line of hunk.lines) {
      if (line.startsWith("-")) onlyActual++
      else if (line.startsWith("+")) onlyGolden++
      body.push(line)
    }
  }
  // Not "zmq-harness: expected …": Mocha cuts a message matching /^[^:]+: expected/ down to its
  // prefix when it shows its own diff.
  return (
    `${PREFIX}the text does not match golden file ${file} (${onlyGolden} line(s) only in the golden file, ${onlyActual} only in the text).\n` +
    `+ expected (golden file ${file}) - actual\n${body.join("\n")}\n` +
    "If the new text is right, run the test with UPDATE_GOLDEN=1 to rewrite the file, and review the change."
  )
}
