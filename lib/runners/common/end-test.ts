import { closeBound } from "../../core/close-bound"
import { appendToMessage, hangReport } from "../../core/hang-report"
import { currentScope } from "../../core/ownership"
import type { TestRun } from "../../core/test-run"
// artifacts
import { settings } from "../../settings"
import { writeTestArtifacts, type EndingTest } from "../../artifacts/test-end"

/** How a runner ended a test, as its adapter tells {@link endTest}. */
export interface TestEnding {
  /** The runner, for messages: "Vitest", "Jest". */
  runner: string
  /** What the test failed with by itself (undefined: it passed). Its message may be extended. */
  testError: Error | undefined
  /** The runner's own timeout ended the test: the error gets the hang report. */
  timedOut: boolean
  /** The timeout of the hook that closes, in ms, for the close's bound. */
  hookTimeout: number | undefined
}

/**
 * The end of one test for an adapter whose runner gives it a hook after the test's function
 * (Vitest's `afterEach`, Jest's `test_fn_*` events): the hang report on the runner's timeout,
 * taken before anything closes; the core's end checks (a crash nobody saw, an unawaited
 * assertion, a mock peer's unmet expectation); the artifacts of a failed test, written before
 * the close; then the bounded close, so the next test can bind the same port. Returns the error
 * the test must fail with when it passed by itself (the adapter fails it), else undefined.
 * Never throws.
 *
 * @example
 * ```ts
 * const failure = await endTest(run, test, { runner: "Vitest", testError, timedOut, hookTimeout })
 * if (failure && !testError) throw failure
 * ```
 */
export async function endTest(
  run: TestRun,
  test: EndingTest,
  ending: TestEnding,
): Promise<Error | undefined> {
  const { testError } = ending
  if (ending.timedOut && testError) {
    appendToMessage(testError, hangReport([run.concernedScope ?? currentScope()], ending.runner))
    test.timedOut = true
  }
  const failure = await run.finish(testError)
  // artifacts
  if (settings.artifacts) await writeTestArtifacts(test, failure, run.concernedScope)
  await run.close(closeBound(ending.hookTimeout, ending.runner))
  return testError ? undefined : failure
}
