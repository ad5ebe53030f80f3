import { UnawaitedAssertionError, UnreadMessagesError } from "../errors"
import { settings } from "../settings"
import { appendToMessage } from "./hang-report"
import type { Scope } from "./scope"
import { noteNotices } from "../timeline/notices"

/** Tests whose function has finished (returned, thrown, or ended by Mocha's timeout). */
const ended = new WeakSet<object>()

/**
 * True once the function of the test of `scope` has finished: a wait it left pending (Mocha's
 * timeout ended it) is abandoned, and what comes for that wait belongs to whoever asks next.
 *
 * @example
 * ```ts
 * if (testEnded(scope)) inbox.push(frames) // the test that waited is gone
 * ```
 */
export function testEnded(scope: object): boolean {
  return ended.has(scope)
}

/**
 * What the harness checks when a test function has finished, before Mocha
 * learns the result, so that a problem fails that very test (a failing
 * `afterEach` hook would instead abort the rest of the suite):
 * 1. a `receive` assertion that was never awaited fails the test;
 * 2. messages that arrived but were never read are reported (or fail the
 *    test with `failOnUnread`).
 * Returns the error the test should fail with, if any. The message of the error the test fails
 * with (its own, or one of these checks') ends with what its resources noticed
 * ({@link Scope.notice}), the end checks' notices included.
 */
export async function checkEndOfTest(scope: Scope, testError: unknown): Promise<Error | undefined> {
  ended.add(scope)
  const problem = await runEndChecks(scope, testError)
  addNotices(scope, testError ?? problem)
  return problem
}

/**
 * The receive assertions made under `scope` and never awaited, as the error that fails the test
 * (or hook) that made them; they are forgotten either way. Undefined when every one was awaited.
 * A `before`/`after` hook's assertions are checked when the hook ends, a test's (and its
 * `beforeEach`/`afterEach` hooks') when the test does: an assertion that is not awaited cannot
 * fail anything.
 *
 * @example
 * ```ts
 * const unawaited = takeUnawaited(suiteScope) // after a before hook
 * if (unawaited) throw unawaited
 * ```
 */
export function takeUnawaited(scope: Scope, what = "the test"): Error | undefined {
  const unawaited = [...scope.assertions].filter((a) => !a.awaited)
  scope.assertions.clear()
  if (unawaited.length === 0) return undefined
  const kinds = [...new Set(unawaited.map((a) => a.kind ?? "receive"))]
  const calls = kinds.map((k) =>
    k === "exit" ? "`expect(proc).to.exit(…)`" : "`expect(sock).to.receive(…)`",
  )
  return unawaited[0].site.apply(
    new UnawaitedAssertionError(
      `expected every ${kinds.join(" and ")} assertion to be awaited, got ${unawaited.length} that ${
        unawaited.length === 1 ? "was" : "were"
      } not:\n${unawaited.map((a) => "  " + a.describe()).join("\n")}\n` +
        `Put \`await\` before ${calls.join(" and ")} (or return its promise): ` +
        `an assertion that is not awaited cannot fail ${what}.`,
    ),
  )
}

async function runEndChecks(scope: Scope, testError: unknown): Promise<Error | undefined> {
  const unawaited = takeUnawaited(scope)
  if (unawaited && !testError) return unawaited

  const problems: string[] = []
  // peer: a check may fail the test (a mock peer's unmet expectations), unless it failed already.
  let failure: Error | undefined
  for (const check of scope.endChecks) {
    const problem = await check(testError) // cassette: the test's own failure, if any
    if (problem instanceof Error) failure ??= problem
    else if (problem) problems.push(problem)
  }
  if (failure && !testError) return failure
  if (problems.length === 0) return undefined
  const text = problems.join("\n")
  if (settings.failOnUnread && !testError) {
    return new UnreadMessagesError(
      `expected the test to read every message that arrived, got unread messages:\n${text}\n` +
        "Receive them in the test, or turn `failOnUnread` off.",
    )
  }
  process.stderr.write(
    `  zmq-harness: "${scope.title}" ended with unread messages:\n${indent(text, 4)}\n`,
  )
  return undefined
}

/**
 * When a test ends, whatever it made: the sockets of the suites around it (`from` and its chain,
 * suites only) take in what arrived during the test and was not read, tagged with that test, so
 * that a later test reading it is told it arrived before ("… read a message that arrived during
 * …" on stderr) rather than taking it for its own reply. Never rejects; undefined when there is
 * nothing to collect.
 *
 * @example
 * ```ts
 * await collectSuiteMessages(concernedScopeOfTest(test))
 * ```
 */
export function collectSuiteMessages(from: Scope | undefined): Promise<void> | undefined {
  const collects: (() => Promise<void>)[] = []
  for (let scope = from; scope; scope = scope.parent) {
    if (scope.kind !== "test") collects.push(...scope.betweenTests)
  }
  // Most tests have no suite socket: nothing to wait for, not even a tick.
  if (collects.length === 0) return undefined
  return (async () => {
    for (const collect of collects) {
      try {
        await collect()
      } catch {
        // A socket that cannot be read any more has nothing to keep.
      }
    }
  })()
}

/**
 * The check of {@link checkEndOfTest} for what a suite's `before` hooks made, run when the
 * suite ends, before its sockets close. Each check is given the first failure of a test or
 * hook of the suite ({@link Scope.noteFailure}), as a test's check is given the test's error.
 * Messages that arrived on the suite's sockets and that no test read (a late reply to a test
 * that gave up) are reported, or returned as the error of the suite's closing `after all` hook
 * with `failOnUnread` (a failing `after all` hook fails that suite only: Mocha goes on with
 * the next).
 *
 * @example
 * ```ts
 * const problem = await checkEndOfSuite(scope)
 * await scope.close()
 * if (problem) throw problem
 * ```
 */
export async function checkEndOfSuite(scope: Scope): Promise<Error | undefined> {
  const problems: string[] = []
  // peer: a check may fail the suite's closing hook (a mock peer of a before hook left unmet).
  let failure: Error | undefined
  // cassette: a failure of any test or hook of the suite, as a test's own failure for a test.
  const failed = scope.failureUnder
  for (const check of scope.endChecks) {
    try {
      const problem = await check(failed)
      if (problem instanceof Error) failure ??= problem
      else if (problem) problems.push(problem)
    } catch {
      // A socket that cannot be read any more has nothing to report.
    }
  }
  if (failure) return failure
  if (problems.length === 0) return undefined
  const text = problems.join("\n")
  if (settings.failOnUnread) {
    return new UnreadMessagesError(
      `expected the tests of "${scope.title}" to read every message that arrived on the sockets of its before hooks, got unread messages:\n${text}\n` +
        "Receive them in a test, or turn `failOnUnread` off.",
    )
  }
  process.stderr.write(
    `  zmq-harness: the suite "${scope.title}" ended with unread messages on the sockets of its before hooks:\n${indent(text, 4)}\n`,
  )
  return undefined
}

/**
 * Ends the message of a failed test with what its resources saw go wrong ({@link Scope.notice}):
 * the user's own `expect(code).to.equal(0)` then says why the code was 1. Taken only by a test
 * that failed (a suite's notice waits for one); a notice the message already holds (the test
 * awaited the very failure) is not repeated.
 */
function addNotices(scope: Scope, testError: unknown): void {
  if (!(testError instanceof Error)) return
  const notices = scope.takeNotices().filter((n) => !testError.message.includes(n))
  if (notices.length === 0) return
  appendToMessage(
    testError,
    `zmq-harness also saw:\n${notices.map((n) => "  - " + n.replace(/\n/g, "\n    ")).join("\n")}`,
  )
  noteNotices(testError, notices) // for the test's artifacts (report.html, meta.json)
}

function indent(text: string, n: number): string {
  const pad = " ".repeat(n)
  return text
    .split("\n")
    .map((line) => pad + line)
    .join("\n")
}
