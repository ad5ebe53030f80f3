/**
 * `zmq-harness/jest`: the Jest adapter. Add it to `setupFilesAfterEnv` in your Jest config; it
 * ties sockets and processes to the test that made them, closes them when the test ends (after
 * your own `afterEach` hooks), fails a test whose process crashed unseen, turns Jest's timeout
 * into a hang report, writes the artifacts of failed tests, kills every process under test on
 * Ctrl-C, and adds the matchers `toReceive`, `toReceiveNothing`, `toHaveReceived` and `toExit`
 * to Jest's `expect`. `injectGlobals: false` is fine.
 *
 * @example
 * ```js
 * // jest.config.js
 * module.exports = { setupFilesAfterEnv: ["zmq-harness/jest"] }
 * ```
 * @packageDocumentation
 */
import type { RecvOptions } from "./socket/test-socket"
import type { Expected } from "./peer/expectation"
import type { ExpectedExit } from "./process/expect-exit"
import { installJestAdapter } from "./runners/jest/install"

export { jestMatchers, type MatcherContext, type MatcherResult } from "./runners/jest/matchers"
export type { ExpectedExit } from "./process/expect-exit"
export type { RecvOptions } from "./socket/test-socket"
export type { Expected, MessagePredicate } from "./peer/expectation"
export type { PeerRequest } from "./peer/request"
export type { JsonFrame, JsonFramePredicate } from "./frames/frames"

/** The matchers zmq-harness adds to Jest's `expect`. */
export interface ZmqHarnessMatchers<R> {
  /**
   * Receives one message on a test socket (bounded by `timeout`) and compares it with
   * `expected`, a list of frames, as the chai plugin's `receive` does. Must be awaited.
   *
   * @example
   * ```ts
   * await expect(pull).toReceive([["ping", 1]], { timeout: 500 })
   * ```
   */
  toReceive(expected: readonly unknown[], options?: RecvOptions): Promise<R>
  /**
   * Passes when no message arrives on a test socket within `timeout` ms (default: the
   * socket's). Must be awaited.
   *
   * @example
   * ```ts
   * await expect(sub).toReceiveNothing({ timeout: 100 })
   * ```
   */
  toReceiveNothing(options?: { timeout?: number }): Promise<R>
  /**
   * Passes when a mock peer received a message (after its envelope) matching `expected`.
   * Synchronous; `.not` asserts that none did.
   *
   * @example
   * ```ts
   * expect(backend).toHaveReceived(["ping", 1])
   * ```
   */
  toHaveReceived(expected: Expected): R
  /**
   * Waits (bounded: `timeout`, default 5000 ms) for a process under test to exit, with `code`
   * (or `{ code, signal }`) when given; the exit is then one the test has seen. Must be awaited.
   *
   * @example
   * ```ts
   * await expect(proc).toExit(3)
   * ```
   */
  toExit(expected?: ExpectedExit, options?: { timeout?: number }): Promise<R>
}

// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- the augmented module is the user's
// @ts-ignore -- resolved in the user's project, where Jest installs it
declare module "expect" {
  // Type parameters as expect declares them (merging needs the same ones).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ZmqHarnessMatchers<R> {}
}

declare global {
  namespace jest {
    // @types/jest's global `expect`.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends ZmqHarnessMatchers<R> {}
  }
}

installJestAdapter()
