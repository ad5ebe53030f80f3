import { closeBound } from "../../core/close-bound"
import { closeDetached, enterScope } from "../../core/ownership"
import { monitorsStopped } from "../../socket/monitor"
import { TestRun } from "../../core/test-run"
import { endTest } from "../common/end-test"
import { editReported } from "../common/reported-error"
import type { VitestApi, VitestTask } from "./load"
import { isVitestTimeout, testOf } from "./test-of"
// artifacts
import { noteRunnableStart, type EndingTest } from "../../artifacts/test-end"
import { rebuildIndexes } from "../../artifacts/written"

/** Vitest's default `hookTimeout`, for when its worker's config cannot be read. */
const DEFAULT_HOOK_TIMEOUT_MS = 10_000

/** The hook timeout of this Vitest run (`hookTimeout` in its config). */
function hookTimeout(): number {
  const worker = (globalThis as { __vitest_worker__?: { config?: { hookTimeout?: unknown } } })
    .__vitest_worker__
  const ms = worker?.config?.hookTimeout
  return typeof ms === "number" ? ms : DEFAULT_HOOK_TIMEOUT_MS
}

/** How long the file's last hook waits for the observers of closed sockets to close. */
const MONITORS_STOPPED_MS = 1000

const runs = new WeakMap<VitestTask, { run: TestRun; test: EndingTest }>()

/**
 * Registers the adapter's hooks on the test file being collected (the setup file runs once per
 * test file, before it):
 * - `beforeEach`, the first of every test: what the test (and the user's own `beforeEach`
 *   hooks) makes belongs to it; a concurrent test (`test.concurrent`) owns what its own async
 *   context makes, so tests that run at once each own theirs;
 * - `afterEach`, the last of every test (Vitest runs `afterEach` hooks in reverse order, and
 *   this one is registered first): the hang report when Vitest's timeout ended the test, the
 *   end checks, the artifacts of a failed test, then the bounded close of everything it made;
 *   a test that passed but left a crash unseen (or an assertion unawaited…) fails here;
 * - `afterAll`, the last of the file: closes what was made outside any test (at file load, in
 *   `beforeAll` hooks) and waits (bounded) until the monitor observers of every closed socket
 *   are closed too, so no socket is left when a worker thread goes (zeromq.js aborts the
 *   process if a worker that holds open sockets is terminated), and rebuilds the artifacts'
 *   run index.
 *
 * @example
 * ```ts
 * registerVitestHooks(loadVitest())
 * ```
 */
export function registerVitestHooks(vitest: VitestApi): void {
  vitest.afterAll(async () => {
    try {
      await closeDetached(closeBound(hookTimeout(), "Vitest"))
    } finally {
      // The sockets are closed; their observers close a moment later (lib/socket/monitor.ts).
      // A worker thread is terminated as soon as this hook returns: none may be left open.
      await monitorsStopped(MONITORS_STOPPED_MS)
      await rebuildIndexes()
    }
  })

  vitest.beforeEach(({ task }) => {
    const test = testOf(task)
    const run = new TestRun(test)
    runs.set(task, { run, test })
    noteRunnableStart(test) // artifacts
    if (task.concurrent) enterScope(run.scope)
    else run.enter()
  })

  vitest.afterEach(async ({ task }) => {
    const started = runs.get(task)
    if (!started) return
    runs.delete(task)
    const { run, test } = started
    test.duration = task.result?.duration
    const reported = task.result?.errors?.[0]
    const ending = { runner: "Vitest", hookTimeout: hookTimeout() }
    if (reported) {
      // The test failed by itself: its error gets what the harness saw, in Vitest's copy of it.
      await editReported(reported, (testError) =>
        endTest(run, test, { ...ending, testError, timedOut: isVitestTimeout(reported.message) }),
      )
      return
    }
    const failure = await endTest(run, test, { ...ending, testError: undefined, timedOut: false })
    if (failure) throw failure
  })
}
