/**
 * The problems a test's resources noticed ({@link Scope.notice}: "zmq-harness also saw: …"), as
 * the artifacts show them: the end of the test tags the error it ends with; the artifact writer
 * reads the tag and shows them in report.html and meta.json. A WeakMap, as for the failed wait:
 * the error the test sees stays as it was.
 */

const tags = new WeakMap<object, readonly string[]>()

/**
 * Tags `error` with the problems noticed during its test (added to those tagged before).
 *
 * @example
 * ```ts
 * noteNotices(testError, ["replay \"kernel\": no recorded request matched [\"pinj\",2]"])
 * ```
 */
export function noteNotices(error: object, notices: readonly string[]): void {
  if (notices.length === 0) return
  tags.set(error, [...(tags.get(error) ?? []), ...notices])
}

/**
 * The problems `error` was tagged with, if any.
 *
 * @example
 * ```ts
 * noticesOf(test.err) // ["replay \"kernel\": no recorded request matched [\"pinj\",2]"]
 * ```
 */
export function noticesOf(error: unknown): readonly string[] {
  return error !== null && typeof error === "object" ? (tags.get(error) ?? []) : []
}
