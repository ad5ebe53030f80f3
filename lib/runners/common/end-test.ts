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
 * The end of one test's function for an adapter whose runner gives it a hook there (Vitest's
 * `afterEach`, Jest's `test_fn_*` events): the hang report on the runner's timeout, taken before
 * anything closes; the core's end checks (a crash nobody saw, an unawaited assertion, a mock
 * peer's unmet expectation; what the harness saw ends `testError`'s message); the artifacts of a
 * failed test, written before the close. Returns the error the test must fail with when it
 * passed by itself (the adapter fails it), else undefined. Never throws. {@link closeTest} comes
 * after the user's `afterEach` hooks.
 *
 * @example
 * ```ts
 * const failure = await finishTest(run, test, { runner: "Jest", testError, timedOut })
 * if (failure) test.errors.push(failure)
 * ```
 */
export async function finishTest(
  run: TestRun,
  test: EndingTest,
  ending: Omit<TestEnding, "hookTimeout">,
): Promise<Error | undefined> {
  const { testError } = ending
  if (ending.timedOut && testError) {
    appendToMessage(testError, hangReport([run.concernedScope ?? currentScope()], ending.runner))
    test.timedOut = true
  }
  const failure = await run.finish(testError)
  // artifacts
  if (settings.artifacts) await writeTestArtifacts(test, failure, run.concernedScope)
  return testError ? undefined : failure
}

/**
 * Closes what the test made, bounded below the runner's hook timeout, so the next test can bind
 * the same port. Never throws.
 *
 * @example
 * ```ts
 * await closeTest(run, { runner: "Jest", hookTimeout: 5000 })
 * ```
 */
export async function closeTest(
  run: TestRun,
  ending: Pick<TestEnding, "runner" | "hookTimeout">,
): Promise<void> {
  await run.close(closeBound(ending.hookTimeout, ending.runner))
}

/**
 * {@link finishTest} then {@link closeTest}, for a runner whose last `afterEach` hook is the
 * adapter's (Vitest). Returns the error the test must fail with when it passed by itself.
 *
 * @example
 * ```ts
 * const failure = await endTest(run, test, { runner: "Vitest", testError, timedOut, hookTimeout })
 * if (failure) throw failure
 * ```
 */
export async function endTest(
  run: TestRun,
  test: EndingTest,
  ending: TestEnding,
): Promise<Error | undefined> {
  const failure = await finishTest(run, test, ending)
  await closeTest(run, ending)
  return failure
}
