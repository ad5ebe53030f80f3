import { AssertionError } from "node:assert"
import * as path from "node:path"
import { UsageError } from "../errors"
import { CallSite } from "../util/call-site"
import { mismatchMessage, readGolden, writeGolden } from "./golden-file"
import { applyNormalizer, asText, normalizerList, type GoldenOptions } from "./golden-input"
import { normalizeLineEndings } from "./text"

export type { GoldenOptions }

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
