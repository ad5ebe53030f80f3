import { appendToMessage } from "../core/hang-report"
import type { WrittenArtifacts } from "./write"

const PATCHED = Symbol.for("zmq-harness.keep-test-context")

/** The parts of Mocha's Test that CI reporters read. */
export interface ReportedTest {
  /** mochawesome's `addContext` convention: one value, or a list. */
  context?: unknown
  /** mocha-junit-reporter's `attachments` option: file paths. */
  attachments?: string[]
}

/**
 * Where CI tools find a test's artifacts:
 * - the failure message ends with `[[ATTACHMENT|<report>]]` (the JUnit attachments convention)
 *   and a last line naming the report's path;
 * - the error gets `artifacts: { dir, report, transcript }` (Mocha's JSON reporter prints the
 *   error's own properties);
 * - `test.context` gets `{ title: "zmq-harness report", value: <report> }` as mochawesome's
 *   `addContext` would add it, and `test.attachments` the report (mocha-junit-reporter with
 *   `attachments: true`). Under `--parallel` both travel to the main process (see
 *   {@link keepContext}).
 *
 * @example
 * ```ts
 * tellReporters(test, err, written) // err.message ends with "zmq-harness report: /…/report.html"
 * ```
 */
export function tellReporters(
  test: ReportedTest,
  failure: unknown,
  written: WrittenArtifacts,
): void {
  const entry = { title: "zmq-harness report", value: written.report }
  if (test.context === undefined) test.context = entry
  else if (Array.isArray(test.context)) test.context.push(entry)
  else test.context = [test.context, entry]
  test.attachments = [...(test.attachments ?? []), written.report]
  keepContext(test)
  if (failure instanceof Error) {
    Object.assign(failure, {
      artifacts: { dir: written.dir, report: written.report, transcript: written.transcript },
    })
    appendToMessage(
      failure,
      `[[ATTACHMENT|${written.report}]]\nzmq-harness report: ${written.report}`,
    )
  }
}

/**
 * Under `--parallel`, a worker sends each test to the main process as `Test#serialize()` makes
 * it, which leaves `context` and `attachments` out: the reporters would never see them. Wraps
 * `serialize` of the test's class once, to carry them.
 *
 * @example
 * ```ts
 * keepContext(test) // Object.getPrototypeOf(test).serialize now keeps test.context
 * ```
 */
export function keepContext(test: object): void {
  const proto = Object.getPrototypeOf(test) as {
    serialize?: (this: ReportedTest) => Record<string, unknown>
    [PATCHED]?: boolean
  } | null
  if (!proto || proto[PATCHED] || typeof proto.serialize !== "function") return
  const serialize = proto.serialize
  proto.serialize = function (this: ReportedTest) {
    const out = serialize.call(this)
    if (this.context !== undefined) out.context = this.context
    if (this.attachments !== undefined) out.attachments = this.attachments
    return out
  }
  proto[PATCHED] = true
}
