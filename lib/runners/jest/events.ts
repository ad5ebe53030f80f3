import { closeBound } from "../../core/close-bound"
import { releaseInterruptHandlers } from "../../core/interrupt"
import { closeDetached } from "../../core/ownership"
import { TestRun } from "../../core/test-run"
import { closeTest, finishTest } from "../common/end-test"
import { fullTitleOf, type CircusEvent, type CircusState, type CircusTest } from "./circus"
// artifacts
import { noteRunnableStart, type EndingTest } from "../../artifacts/test-end"
import { rebuildIndexes } from "../../artifacts/written"

/** Jest's default `testTimeout`, which also bounds its hooks. */
const DEFAULT_TIMEOUT_MS = 5000

/** Jest's own timeout ended the test: "Exceeded timeout of 5000 ms for a test." */
function isJestTimeout(error: unknown): boolean {
  const message = typeof error === "string" ? error : (error as { message?: unknown })?.message
  return typeof message === "string" && /^Exceeded timeout of .* for a test/.test(message)
}

interface Followed {
  run: TestRun
  test: EndingTest
  finished: boolean
}

const followed = new WeakMap<CircusTest, Followed>()

/**
 * The first error of a failed test as an Error the harness can extend, and how to put the
 * extended text back: jest-circus keeps `[error, asyncError]`, where `error` is what the test
 * threw (extended in place) or, for its own timeout, a string (replaced).
 */
function firstError(test: CircusTest): { error: Error; commit(): void } | undefined {
  const entry = test.errors[0]
  if (entry === undefined) return undefined
  const pair = Array.isArray(entry) ? entry : undefined
  const thrown: unknown = pair ? pair[0] : entry
  // An Error of any realm (node:assert's errors come from outside the test file's sandbox).
  if (typeof thrown === "object" && thrown !== null && "message" in thrown && "stack" in thrown) {
    return { error: thrown as Error, commit() {} }
  }
  const error = new Error(String(thrown))
  return {
    error,
    commit() {
      if (pair) pair[0] = error.message
      else test.errors[0] = error
    },
  }
}

async function finish(test: CircusTest): Promise<void> {
  const f = followed.get(test)
  if (!f || f.finished) return
  f.finished = true
  f.test.duration = test.duration ?? undefined
  const failed = firstError(test)
  const timedOut = failed !== undefined && isJestTimeout(failed.error)
  const failure = await finishTest(f.run, f.test, {
    runner: "Jest",
    testError: failed?.error,
    timedOut,
  })
  failed?.commit()
  if (failure) test.errors.push(failure)
}

/**
 * The adapter's jest-circus event handler, awaited by Jest at each event of the test file:
 * - `test_started` (before the test's `beforeEach` hooks): what the test and its hooks make
 *   belongs to it;
 * - `test_fn_success` / `test_fn_failure` (before its `afterEach` hooks): the hang report on
 *   Jest's timeout, the end checks (a test that passed but left a crash unseen fails, its
 *   error added to the test's), the artifacts of a failed test;
 * - `test_done` (after its `afterEach` hooks): the bounded close of everything it made;
 * - `run_finish` (after the file's `afterAll` hooks): closes what was made outside any test,
 *   so nothing keeps Jest from exiting, and removes this copy's interrupt handlers from the
 *   process (the next file's copy adds its own).
 *
 * @example
 * ```ts
 * circusHandlers()!.push(circusEventHandler(() => expect.getState().testPath))
 * ```
 */
export function circusEventHandler(
  testPath: () => string | undefined,
): (event: CircusEvent, state: CircusState) => Promise<void> {
  return (event, state) => onEvent(event, state, testPath())
}

async function onEvent(
  event: CircusEvent,
  state: CircusState,
  file: string | undefined,
): Promise<void> {
  const test = event.test
  const timeout = state.testTimeout ?? DEFAULT_TIMEOUT_MS
  switch (event.name) {
    case "test_started": {
      if (!test) return
      const ending: EndingTest = {
        type: "test",
        title: test.name,
        fullTitle: () => fullTitleOf(test),
        ...(file !== undefined && { file }),
      }
      const run = new TestRun(ending)
      followed.set(test, { run, test: ending, finished: false })
      noteRunnableStart(ending) // artifacts
      run.enter()
      return
    }
    case "test_fn_success":
    case "test_fn_failure":
      if (test) await finish(test)
      return
    case "test_done": {
      if (!test) return
      await finish(test) // a beforeEach hook failed: the function never ran
      const f = followed.get(test)
      followed.delete(test)
      if (f) await closeTest(f.run, { runner: "Jest", hookTimeout: timeout })
      return
    }
    case "run_finish":
      try {
        await closeDetached(closeBound(timeout, "Jest"))
      } catch (lost) {
        // A process started outside any test crashed after the last one: nothing is left to fail.
        process.stderr.write(`  zmq-harness: ${(lost as Error).message}\n`)
      } finally {
        // The next file of this worker loads a copy of its own, which installs its own handlers.
        releaseInterruptHandlers()
        await rebuildIndexes()
      }
      return
  }
}
