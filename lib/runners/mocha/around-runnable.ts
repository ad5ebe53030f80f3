import {
  concernedScopeOfTest,
  enterRunnable,
  existingScopeOfTest,
  scopeToTellOfFailure,
  type MochaRunnable,
} from "./current"
import { currentScope } from "../../core/ownership"
import { checkEndOfTest } from "../../core/end-of-test"
import { appendToMessage, hangReport } from "../../core/hang-report"
import { Scope } from "../../core/scope"
// artifacts
import { settings } from "../../settings"
import { noteRunnableStart, writeTestArtifacts } from "../../artifacts/test-end"

function isMochaTimeout(err: unknown): err is Error {
  return err instanceof Error && (err as { code?: string }).code === "ERR_MOCHA_TIMEOUT"
}

/**
 * The crash of a process of the test (or of its suite's hooks) that no wait
 * of the test was failed with: the process crashed while the test awaited
 * something else (a timer, its own API) or nothing. It fails the test. A
 * test that failed anyway is charged with the crash too, so that the next
 * test is not failed for it.
 */
function unseenCrash(test: MochaRunnable, testError: unknown): Error | undefined {
  Scope.noteSeen(testError)
  const crash = concernedScopeOfTest(test)?.takeUnseenFailure()
  return testError ? undefined : crash
}

/** The scope whose resources (and its suites') a test's or a failed hook's artifacts show. */
function artifactScopeOf(runnable: MochaRunnable): Scope | undefined {
  const title = runnable.originalTitle ?? runnable.title
  const owner = /^"(before|after) each"/.test(title)
    ? (runnable.ctx?.currentTest ?? runnable)
    : runnable
  return existingScopeOfTest(owner) ?? concernedScopeOfTest(owner)
}

/**
 * What happens around each runnable (hook or test) of the patched Mocha, called by
 * lib/runners/mocha/patch-mocha.ts: Mocha gives root hooks no event for "a hook of suite S
 * starts" or "the test function returned", yet both are needed: the first to know who owns a
 * socket made now, the second to fail the test itself (not a hook, which would abort the suite)
 * when a process it relies on crashed unseen, or it left an assertion unawaited or messages
 * unread, and to turn Mocha's bare timeout into a hang report before anything is closed.
 * Returns the callback to give Mocha's own `run` in place of `fn`.
 */
export function aroundRunnable(
  runnable: MochaRunnable,
  fn: (err?: unknown) => void,
): (err?: unknown) => void {
  enterRunnable(runnable)
  noteRunnableStart(runnable) // artifacts
  return (err?: unknown) => {
    const isTest = runnable.type === "test"
    // artifacts: written before the scope closes anything, and before Mocha reports the test
    // (or the hook that failed).
    const done =
      (isTest || (err && runnable.type === "hook")) && settings.artifacts
        ? (error?: unknown) =>
            void writeTestArtifacts(runnable, error, artifactScopeOf(runnable)).then(() =>
              fn(error),
            )
        : fn
    const scope = isTest ? existingScopeOfTest(runnable) : undefined
    if (isMochaTimeout(err)) appendToMessage(err, hangReport(scope ? [scope] : [currentScope()]))
    const crash = isTest ? unseenCrash(runnable, err) : undefined
    const failure = err ?? crash
    // The suites around it learn of a failure (a cassette of a before hook is not written).
    const told = (error: unknown) => {
      // A skip (this.skip() in an async function) comes as an error too, but is no failure.
      if (error && !runnable.isPending?.()) scopeToTellOfFailure(runnable)?.noteFailure(error)
      done(error)
    }
    if (!scope) return told(failure)
    checkEndOfTest(scope, failure).then(
      (problem) => told(failure ?? problem),
      (checkError) => told(failure ?? checkError),
    )
  }
}
