import { closeDetached, existingScopeOfTest, type MochaRunnable } from "./current"

/**
 * The root hooks of the plugin. The `afterEach` hook is the last one of every
 * test (Mocha runs `afterEach` hooks innermost suite first, root last), so the
 * user's own `afterEach` hooks can still use the test's sockets and processes;
 * it closes them all and waits for the close to complete, so the next test can
 * bind the same port at once. It never throws: a failing hook would abort the
 * rest of the suite.
 */
export const mochaHooks = {
  async afterEach(this: { currentTest?: unknown }): Promise<void> {
    const test = this.currentTest as MochaRunnable | undefined
    const scope = test && existingScopeOfTest(test)
    if (scope) await scope.close()
  },
  async afterAll(): Promise<void> {
    await closeDetached()
  },
}
