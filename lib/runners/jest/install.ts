import { UsageError } from "../../errors"
import { installInterruptHandlers } from "../../core/interrupt"
import { registerRunner } from "../../core/registration"
import { wantReaper } from "../../process/reaper"
import { warnIfTwoZeromqs } from "../../util/zeromq-copies"
import { circusHandlers } from "./circus"
import { circusEventHandler } from "./events"
import { jestMatchers } from "./matchers"

/** The parts of `@jest/globals` the adapter uses. */
interface JestGlobals {
  expect: { extend(matchers: object): void; getState(): { testPath?: string } }
}

/** Handlers arrays the adapter joined already (Jest runs the setup once per test file). */
const joined = new WeakSet<object>()

/**
 * What `zmq-harness/jest` does for each test file (a `setupFilesAfterEnv` entry): registers the
 * adapter with the core, joins jest-circus's event handlers of the file (so that it hears when
 * each test starts, when its function ends and when its `afterEach` hooks are done, after the
 * user's own hooks), adds the matchers to Jest's `expect`, and installs the interrupt handlers
 * that kill every process under test on Ctrl-C. `expect` comes from `@jest/globals`, not from a
 * global: `injectGlobals: false` works.
 *
 * @example
 * ```ts
 * installJestAdapter() // lib/jest.ts
 * ```
 */
export function installJestAdapter(): void {
  const handlers = circusHandlers()
  if (!handlers) {
    throw new UsageError(
      "expected Jest's default runner, jest-circus, for zmq-harness/jest, got another one " +
        '(testRunner: "jest-jasmine2"?). Remove the testRunner option from the Jest config.',
    )
  }
  const { expect } = require("@jest/globals") as JestGlobals
  registerRunner({ runner: "jest", check: () => undefined })
  if (!joined.has(handlers)) {
    joined.add(handlers)
    handlers.push(circusEventHandler(() => expect.getState().testPath))
  }
  expect.extend(jestMatchers)
  installInterruptHandlers()
  wantReaper()
  warnIfTwoZeromqs()
}
