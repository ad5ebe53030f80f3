import { existingScopeOfTest, type MochaRunnable } from "./current"
import { closeDetached } from "../../core/ownership"
import { closeBound, hookTimeoutOf } from "../../core/close-bound"
import { rebuildIndexes } from "../../artifacts/written"

/**
 * The root hooks of the plugin. The `afterEach` hook is the last one of every
 * test (Mocha runs `afterEach` hooks innermost suite first, root last), so the
 * user's own `afterEach` hooks can still use the test's sockets and processes;
 * it closes them all and waits for the close to complete, so the next test can
 * bind the same port at once. It never throws, and ends within its own
 * timeout (a process that ignores its stop signal is killed early enough): a
 * failing hook would abort the rest of the suite.
 */
export const mochaHooks = {
  async afterEach(this: { currentTest?: unknown; timeout?(): number }): Promise<void> {
    const test = this.currentTest as MochaRunnable | undefined
    const scope = test && existingScopeOfTest(test)
    if (!scope) return
    await scope.close(closeBound(hookTimeoutOf(this)))
    // A crash after the test function ended (in an afterEach hook) can no longer fail the test.
    const lost = scope.takeUnseenFailure(true)
    if (lost) {
      process.stderr.write(
        `  zmq-harness: "${scope.title}" ended, then a process of it crashed:\n    ${lost.message.replace(/\n/g, "\n    ")}\n`,
      )
    }
  },
  async afterAll(this: unknown): Promise<void> {
    try {
      await closeDetached(closeBound(hookTimeoutOf(this)))
    } finally {
      // The run index of the tests' artifacts (issue 14), once per root suite: under --parallel,
      // at the end of each file of each worker, each rebuilding it from every test's meta.json.
      await rebuildIndexes()
    }
  },
}
