import { receivedAssertion } from "../../chai/peer-received"
import {
  receiveAssertion,
  receiveNothingAssertion,
  type ChaiAssertion,
  type ChaiStatic,
  type ChaiUtils,
} from "../../chai/receive"
import type { RecvOptions } from "../../socket/test-socket"
import { waitForExit, type ExpectedExit } from "../../process/expect-exit"
import { ProcessHandle } from "../../process/handle"
import { UsageError } from "../../errors"
import { describeValue } from "../../util/describe-value"

/** A failed expectation of the shared assertions; its message is the matcher's. */
class MatcherFailure extends Error {}

/** The one part of chai the shared assertions need to fail: an assertion error class. */
const failing: ChaiStatic = {
  Assertion: { addMethod() {} },
  AssertionError: MatcherFailure,
}

/** Chai's `flag()` over a subject and Jest's `.not`, for the shared assertions. */
function flags(subject: unknown, negate: boolean): ChaiUtils {
  return {
    flag: (_: object, key: string) =>
      key === "object" ? subject : key === "negate" ? negate : undefined,
  }
}

/** `this` of a Jest matcher: the parts read here. */
export interface MatcherContext {
  isNot?: boolean
}

/** What a Jest matcher returns. */
export interface MatcherResult {
  pass: boolean
  message(): string
}

const passed = (message: string): MatcherResult => ({ pass: true, message: () => message })
const failed = (err: MatcherFailure): MatcherResult => ({ pass: false, message: () => err.message })

/** A failed expectation becomes `pass: false`; anything else (a timeout, a crash) is thrown. */
function outcome(err: unknown): MatcherResult {
  if (err instanceof MatcherFailure) return failed(err)
  throw err
}

/**
 * The Jest matchers of zmq-harness, on the same engine as the chai plugin (the same waits,
 * bounds and messages: "First difference: …" and the socket's transcript):
 * `await expect(sock).toReceive([...], opts?)`, `await expect(sock).toReceiveNothing(opts?)`,
 * `expect(peer).toHaveReceived([...])` (also with `.not`), `await expect(proc).toExit(code?)`.
 * `zmq-harness/jest` adds them with `expect.extend`.
 *
 * @example
 * ```ts
 * import { expect } from "@jest/globals"
 * expect.extend(jestMatchers)
 * await expect(pull).toReceive([["ping", 1]])
 * ```
 */
export const jestMatchers = {
  toReceive(
    this: MatcherContext,
    subject: unknown,
    expected: readonly unknown[],
    options?: RecvOptions,
  ): Promise<MatcherResult> {
    const utils = flags(subject, this.isNot === true)
    const check = receiveAssertion(failing, utils).call(
      {} as ChaiAssertion,
      expected,
      options,
    ) as Promise<unknown>
    return check.then(() => passed("zmq-harness: the message matched"), outcome)
  },

  toReceiveNothing(
    this: MatcherContext,
    subject: unknown,
    options?: { timeout?: number },
  ): Promise<MatcherResult> {
    const utils = flags(subject, this.isNot === true)
    const check = receiveNothingAssertion(failing, utils).call(
      {} as ChaiAssertion,
      options,
    ) as Promise<unknown>
    return check.then(() => passed("zmq-harness: nothing arrived"), outcome)
  },

  toHaveReceived(this: MatcherContext, subject: unknown, expected: unknown): MatcherResult {
    const negate = this.isNot === true
    try {
      receivedAssertion(failing, flags(subject, negate)).call(
        {} as ChaiAssertion,
        expected as never,
      )
    } catch (err) {
      if (!(err instanceof MatcherFailure)) throw err
      // Under .not the assertion failing means it was received: Jest fails a passing `.not`.
      return negate ? passed(err.message) : failed(err)
    }
    return negate
      ? { pass: false, message: () => "" }
      : passed("zmq-harness: a matching message was received")
  },

  async toExit(
    this: MatcherContext,
    subject: unknown,
    expected?: ExpectedExit,
    options?: { timeout?: number },
  ): Promise<MatcherResult> {
    if (!(subject instanceof ProcessHandle)) {
      throw new UsageError(
        `expected a process under test for toExit(), got ${describeValue(subject)}.` +
          (subject instanceof Promise ? " It is a promise: await startProcess(…) first." : ""),
      )
    }
    // The same wait as chai's `exit`: bounded, the crash rule told the exit is expected.
    const { pass, message } = await waitForExit(subject, expected, options ?? {}, "toExit()")
    return { pass, message: () => "zmq-harness: " + message }
  },
}
