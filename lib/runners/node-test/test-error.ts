import type { TestContextLike } from "./test-context"

/** node:test's failure types (`ERR_TEST_FAILURE#failureType`) read here. */
const TIMEOUT = "testTimeoutFailure"

interface TestFailure {
  code?: string
  failureType?: string
  cause?: unknown
}

/**
 * How a test ended, as node:test tells its `afterEach` hooks: the error the test failed with
 * (the user's own, not node:test's `ERR_TEST_FAILURE` wrapper, which reporters unwrap too:
 * appending to it shows in the report) and whether node:test's own timeout ended it. For a
 * timeout, the error is node:test's "test timed out after N ms" itself.
 *
 * @example
 * ```ts
 * const { error, timedOut } = testErrorOf(t) // in an afterEach hook
 * ```
 */
export function testErrorOf(t: TestContextLike): { error: unknown; timedOut: boolean } {
  const failure = t.error as TestFailure | null | undefined
  if (failure === null || failure === undefined) return { error: undefined, timedOut: false }
  if (failure.failureType === TIMEOUT) return { error: failure, timedOut: true }
  const wrapped = failure.code === "ERR_TEST_FAILURE" && failure.cause instanceof Error
  return { error: wrapped ? failure.cause : failure, timedOut: false }
}
