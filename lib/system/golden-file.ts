import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import * as path from "node:path"
import { structuredPatch } from "diff"
import { PREFIX } from "../errors"
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

export function writeGolden(file: string, absolute: string, actual: string): void {
  const exists = existsSync(absolute)
  if (exists && readFileSync(absolute, "utf8") === actual) return
  const folder = path.dirname(absolute)
  const newFolder = !existsSync(folder)
  if (newFolder) mkdirSync(folder, { recursive: true })
  writeFileSync(absolute, actual)
  process.stderr.write(
    `${PREFIX}UPDATE_GOLDEN is set: ${exists ? "updated" : "created"} golden file ${file}` +
      `${newFolder ? ` (and its folder ${path.relative(process.cwd(), folder) || folder})` : ""}. Review it before you commit.\n`,
  )
}

export function mismatchMessage(file: string, expected: string, actual: string): string {
  const patch = structuredPatch(file, "actual", expected, actual, "", "", { context: 3 })
  let removed = 0
  let added = 0
  const body: string[] = []
  for (const hunk of patch.hunks) {
    body.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`)
    for (const line of hunk.lines) {
      if (line.startsWith("-")) removed++
      else if (line.startsWith("+")) added++
      body.push(line)
    }
  }
  // Not "zmq-harness: expected …": Mocha cuts a message matching /^[^:]+: expected/ down to its
  // prefix when it shows its own diff.
  return (
    `${PREFIX}the text does not match golden file ${file} (${removed} line(s) only in the golden file, ${added} only in the text).\n` +
    `--- golden ${file}\n+++ actual\n${body.join("\n")}\n` +
    "If the new text is right, run the test with UPDATE_GOLDEN=1 to rewrite the file, and review the change."
  )
}
