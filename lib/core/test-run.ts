import { checkEndOfSuite, checkEndOfTest } from "./end-of-test"
import { appendToMessage, hangReport } from "./hang-report"
import { currentScope, detachedScope, setOwner } from "./ownership"
import { Scope, type CloseBound } from "./scope"

/**
 * One test as the core follows it, for runner adapters: what a test makes belongs to it from
 * {@link TestRun.enter} on; at the end of its function {@link TestRun.finish} gives the error
 * the test must fail with (a crash nobody saw, an unawaited assertion, a mock peer's unmet
 * expectation, the notices that explain the user's own failure); {@link TestRun.close} then
 * closes everything it made, bounded, so the next test can bind the same port.
 *
 * Every adapter (Mocha, node:test, Vitest, Jest) drives the same three steps; only how it learns
 * that a test starts and ends differs.
 *
 * @example
 * ```ts
 * const run = new TestRun({ title: "sends", fullTitle: () => "server sends" })
 * run.enter()
 * // … the test function runs …
 * const failure = await run.finish(testError)
 * await run.close(closeBound(2000))
 * ```
 */
export class TestRun {
  private made: Scope | undefined

  constructor(
    /** The test as reports name it. */
    readonly test: { title: string; fullTitle(): string; file?: string },
    /**
     * The scope around the test (its suite's, whose `before` hooks' resources it uses): their
     * crashes fail the test's waits too. The detached scope when the adapter follows no suites.
     */
    private readonly enclosing: Scope = detachedScope(),
  ) {}

  /** The test's scope, made on first use: a test that makes nothing costs nothing. */
  get scope(): Scope {
    this.made ??= new Scope("test", this.test.fullTitle(), this.enclosing)
    return this.made
  }

  /** The test's scope if it made something. */
  get existingScope(): Scope | undefined {
    return this.made
  }

  /**
   * The scope whose failures concern the test: its own, or the enclosing one (a process of a
   * `before` hook that crashed). Undefined when neither can have failed.
   */
  get concernedScope(): Scope | undefined {
    if (this.made) return this.made
    const detached = detachedScope()
    return this.enclosing === detached && !detached.crashable ? undefined : this.enclosing
  }

  /** From now on, what is made belongs to this test (a `beforeEach` hook's making too). */
  enter(): void {
    setOwner(() => this.scope)
  }

  /**
   * At the end of the test's function: returns the error the test fails with, or undefined when
   * it passes. With `testError` (the test failed by itself), that error, its message ended with
   * what the harness saw ("zmq-harness also saw: …") and, when `timedOut` (the runner's own
   * timeout ended it), with the hang report of what it was waiting for. Without, the first of:
   * a process crash no wait was failed with, an unawaited receive assertion, an end check's
   * failure (a mock peer's unmet expectation), unread messages under `failOnUnread`.
   * The suites around the test learn of the failure (a cassette of a `before` hook is not written).
   */
  async finish(
    testError: unknown,
    options: { timedOut?: boolean } = {},
  ): Promise<Error | undefined> {
    const failed = testError !== undefined && testError !== null
    if (options.timedOut && testError instanceof Error) {
      appendToMessage(testError, hangReport([this.concernedScope ?? currentScope()]))
    }
    Scope.noteSeen(testError)
    const crash = this.concernedScope?.takeUnseenFailure()
    const failure = failed ? testError : crash
    let result: unknown = failure
    if (this.made) {
      try {
        const problem = await checkEndOfTest(this.made, failure) // notices go into `failure`
        result = failure ?? problem
      } catch (checkError) {
        result = failure ?? checkError
      }
    }
    if (result !== undefined && result !== null) (this.made ?? this.enclosing).noteFailure(result)
    if (result === undefined || result === null) return undefined
    return result instanceof Error ? result : new Error(String(result))
  }

  /**
   * Closes what the test made and waits for the close (bounded: a process that ignores its stop
   * signal is killed early enough), then forgets the test as owner. A crash that came after the
   * test ended can no longer fail it: it is written on stderr. Never throws.
   */
  async close(bound?: CloseBound): Promise<void> {
    setOwner(undefined)
    const scope = this.made
    if (!scope) return
    await scope.close(bound)
    const lost = scope.takeUnseenFailure(true)
    if (lost) {
      process.stderr.write(
        `  zmq-harness: "${scope.title}" ended, then a process of it crashed:\n    ${lost.message.replace(/\n/g, "\n    ")}\n`,
      )
    }
  }
}

/**
 * Ends a suite's scope (what its `before` hooks made): the suite's end checks (unread messages
 * of its sockets, a cassette recorded there), then the close. Returns the error the suite's last
 * hook should fail with: a process of the suite that crashed after its last test, an end check's
 * failure, or unread messages under `failOnUnread`.
 *
 * @example
 * ```ts
 * after(async () => { const problem = await endSuite(scope, closeBound(2000)); if (problem) throw problem })
 * ```
 */
export async function endSuite(scope: Scope, bound?: CloseBound): Promise<Error | undefined> {
  const unread = await checkEndOfSuite(scope)
  await scope.close(bound)
  return scope.takeUnseenFailure(true) ?? unread
}
