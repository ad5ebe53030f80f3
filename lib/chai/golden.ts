import { UsageError } from "../errors"
import { compareGolden, type GoldenOptions } from "../system/golden"
import { CallSite } from "../util/call-site"
import type { ChaiAssertion, ChaiStatic, ChaiUtils } from "./receive"

/**
 * `expect(text).to.matchGolden(path, { normalize })`: synchronous. Compares a
 * string (or a UTF-8 Buffer) with a golden file; fails with a line diff and
 * `actual`/`expected` for Mocha's diff; with `UPDATE_GOLDEN=1` writes the file.
 */
export function matchGoldenAssertion(chai: ChaiStatic, utils: ChaiUtils) {
  return function matchGolden(this: ChaiAssertion, file: string, options: GoldenOptions = {}) {
    const site = new CallSite(matchGolden)
    if (utils.flag(this, "negate")) {
      throw site.apply(
        new UsageError(
          "expected .matchGolden() without .not, got .not.matchGolden(). " +
            "A golden file states what the text is; to rule something out, use .not.include(…) or .not.match(/…/).",
        ),
      )
    }
    let outcome
    try {
      outcome = compareGolden(utils.flag(this, "object"), file, options)
    } catch (err) {
      throw site.apply(err as Error)
    }
    if (!outcome.pass) {
      throw site.apply(
        new chai.AssertionError(outcome.message, {
          actual: outcome.actual,
          expected: outcome.expected,
          showDiff: true,
        }),
      )
    }
  }
}
