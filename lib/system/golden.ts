import { AssertionError } from "node:assert"
import { isUtf8 } from "node:buffer"
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import * as path from "node:path"
import { structuredPatch } from "diff"
import { codes, PREFIX, UsageError } from "../errors"
import { CallSite } from "../util/call-site"
import { GoldenError } from "./errors"
import type { Normalizer } from "./normalizers"
import { normalizeLineEndings } from "./text"

/** Options of `matchGolden`. */
export interface GoldenOptions {
  /** Applied in order to the actual text before the comparison (see `normalizers`). */
  normalize?: Normalizer | readonly Normalizer[]
}

/** What a comparison found: the texts compared and, on a mismatch, the message with its line diff. */
export interface GoldenOutcome {
  pass: boolean
  /** The actual text, line endings normalised, normalisers applied. */
  actual: string
  /** The golden file's text, line endings normalised. */
  expected: string
  /** The failure message (with a line diff), or "" when it passed. */
  message: string
}

/** True when `UPDATE_GOLDEN` asks to rewrite golden files instead of comparing. */
export function updatingGolden(): boolean {
  return /^(1|true|yes)$/i.test(process.env.UPDATE_GOLDEN ?? "")
}

/**
 * Compares text with a golden file (or, with `UPDATE_GOLDEN=1`, writes it).
 * Throws a {@link GoldenError} when no comparison can be made; a mismatch is
 * returned, for the caller to raise as its assertion error.
 */
export function compareGolden(
  subject: unknown,
  file: unknown,
  options: GoldenOptions = {},
  method = "matchGolden",
): GoldenOutcome {
  if (typeof file !== "string" || file === "") {
    throw new UsageError(
      codes.INVALID_ARGUMENT,
      `expected ${method}() to get the golden file's path (relative to ${process.cwd()}), got ${JSON.stringify(file)}.`,
    )
  }
  const normalize = normalizerList(options, method)
  let actual = normalizeLineEndings(asText(subject, file, method))
  normalize.forEach((fn, index) => {
    actual = applyNormalizer(fn, index, actual, file)
  })

  const absolute = path.resolve(file)
  if (updatingGolden()) {
    writeGolden(file, absolute, actual)
    return { pass: true, actual, expected: actual, message: "" }
  }
  const expected = normalizeLineEndings(readGolden(file, absolute))
  if (expected === actual) return { pass: true, actual, expected, message: "" }
  return { pass: false, actual, expected, message: mismatchMessage(file, expected, actual) }
}

/**
 * Asserts that `text` matches the golden file at `file` (relative to the
 * working folder), for tests that do not use chai: the same comparison as
 * `expect(text).to.matchGolden(file, options)`, failing with Node's
 * `AssertionError` (with `actual` and `expected`, so Mocha shows a diff).
 * With `UPDATE_GOLDEN=1` it writes the file instead and passes.
 *
 * @example
 * ```ts
 * import { matchGolden, normalizers } from "zmq-harness"
 * matchGolden(run.stdout, "test/data/pongproc.out", { normalize: [normalizers.ports] })
 * ```
 */
export function matchGolden(
  text: string | Uint8Array,
  file: string,
  options: GoldenOptions = {},
): void {
  const site = new CallSite(matchGolden)
  let outcome: GoldenOutcome
  try {
    outcome = compareGolden(text, file, options)
  } catch (err) {
    throw site.apply(err as Error)
  }
  if (outcome.pass) return
  const err = new AssertionError({
    message: outcome.message,
    actual: outcome.actual,
    expected: outcome.expected,
    operator: "matchGolden",
  })
  throw site.apply(err)
}

function normalizerList(options: GoldenOptions, method: string): readonly Normalizer[] {
  const given = options?.normalize
  const list = given === undefined ? [] : typeof given === "function" ? [given] : given
  if (!Array.isArray(list) || list.some((fn) => typeof fn !== "function")) {
    throw new UsageError(
      codes.INVALID_ARGUMENT,
      `expected { normalize } of ${method}() to be a function or a list of functions text => text, got ${describe(given)}. ` +
        "Use the built-ins, e.g. [normalizers.ports, normalizers.pids].",
    )
  }
  return list
}

function describe(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "(anonymous)"}`
  if (Array.isArray(value)) return `[${value.map(describe).join(", ")}]`
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`
  if (value === null || typeof value !== "object") return String(value)
  return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length
}

function asText(subject: unknown, file: string, method: string): string {
  if (typeof subject === "string") {
    const nul = subject.indexOf("\u0000")
    const bad = subject.indexOf("\uFFFD")
    if (nul >= 0 || bad >= 0) {
      const what =
        nul >= 0
          ? `a NUL character at line ${lineOf(subject, nul)}`
          : `U+FFFD replacement characters (first at line ${lineOf(subject, bad)})`
      throw new GoldenError(
        file,
        `expected text to compare with golden file ${file}, got text with ${what}: binary output read as text. ` +
          "Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)), " +
          "or make the program print text.",
      )
    }
    return subject
  }
  if (subject instanceof Uint8Array) {
    if (!isUtf8(subject)) {
      const head = Buffer.from(subject.subarray(0, 16))
        .toString("hex")
        .replace(/(..)/g, "$1 ")
        .trim()
      throw new GoldenError(
        file,
        `expected text to compare with golden file ${file}, got ${subject.length} bytes that are not valid UTF-8 ` +
          `(starting ${head}${subject.length > 16 ? " …" : ""}): binary output. ` +
          "Golden files hold text; compare binary output as bytes (expect(buffer).to.deep.equal(…)).",
      )
    }
    return asText(
      Buffer.from(subject.buffer, subject.byteOffset, subject.byteLength).toString("utf8"),
      file,
      method,
    )
  }
  const hint =
    typeof subject === "object" && subject !== null && "stdout" in subject
      ? ` It looks like a program's result: compare its output, e.g. expect(run.stdout).to.${method}(…).`
      : subject instanceof Promise
        ? " It is a promise: await it first."
        : ""
  throw new TypeError(
    `${PREFIX}expected a string or Buffer for .${method}(), got ${describe(subject)}.${hint}`,
  )
}

function applyNormalizer(fn: Normalizer, index: number, text: string, file: string): string {
  const name = `${fn.name ? `"${fn.name}" ` : ""}(normalize[${index}])`
  let result: unknown
  try {
    result = fn(text)
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    throw new GoldenError(
      file,
      `expected normaliser ${name} to return text, got an error: ${reason}. ` +
        `Fix the normaliser; the text was not compared with ${file}.`,
      { cause: err },
    )
  }
  if (typeof result !== "string") {
    throw new GoldenError(
      file,
      `expected normaliser ${name} to return text, got ${describe(result)}. ` +
        "A normaliser is a function text => text: return the changed text.",
    )
  }
  return result
}

function readGolden(file: string, absolute: string): string {
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

function writeGolden(file: string, absolute: string, actual: string): void {
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

function mismatchMessage(file: string, expected: string, actual: string): string {
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
