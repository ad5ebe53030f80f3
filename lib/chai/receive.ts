import { InvalidSubjectError, TimeoutError, UsageError } from "../errors"
import {
  checkJsonFrame,
  decodeMessage,
  describeValue,
  renderFrames,
  type JsonFrame,
} from "../frames/frames"
import { TestSocket, type RecvOptions } from "../socket/test-socket"
import { CallSite } from "../util/call-site"
import { optionalDuration } from "../util/duration"
import { AssertionPromise } from "./assertion-promise"
import { describeDifference, firstDifference } from "../match/difference"
import { framesTrap } from "../match/frames-trap"
import { jsonLoss } from "../frames/json-loss"
import { isMatcher, matchMessage, messageMatches, show } from "../match/match"

/** The parts of chai the plugin uses (chai 5 and 6 alike). */
export interface ChaiStatic {
  Assertion: {
    addMethod(name: string, fn: (this: ChaiAssertion, ...args: any[]) => unknown): void
  }
  AssertionError: new (message: string, props?: Record<string, unknown>, ssf?: Function) => Error
}
export interface ChaiUtils {
  flag(assertion: object, key: string): unknown
}
export interface ChaiAssertion {
  _obj: unknown
}

function subject(utils: ChaiUtils, assertion: ChaiAssertion, method: string): TestSocket {
  const obj = utils.flag(assertion, "object")
  if (obj instanceof TestSocket) return obj
  const hint =
    obj instanceof Promise
      ? " It is a promise: await socket(…) first."
      : typeof obj === "object" && obj !== null && "receive" in obj
        ? " A raw zeromq.js socket has no transcript or bounds: make it with socket(type, options) from zmq-harness."
        : ""
  throw new InvalidSubjectError(
    `expected a test socket for .${method}(), got ${describeValue(obj)}.${hint}`,
  )
}

function checkNotNegated(utils: ChaiUtils, assertion: ChaiAssertion, method: string): void {
  if (utils.flag(assertion, "negate")) {
    throw new UsageError(
      `expected .${method}() without .not, got .not.${method}(). ` +
        "Use .receiveNothing() to assert that no message arrives, or a sinon.match matcher inside receive([…]).",
    )
  }
}

/** "First difference: frame 1.user.age: expected 31, got 30." for the first frame both sides have. */
function differenceLine(
  expected: readonly unknown[],
  actual: readonly unknown[],
  differing: readonly number[],
  json: JsonFrame,
): string {
  const i = differing.find((d) => d < expected.length && d < actual.length)
  if (i === undefined) return ""
  const difference = firstDifference(expected[i], actual[i], `frame ${i}`, json)
  return difference ? `First difference: ${describeDifference(difference)}\n` : ""
}

/**
 * Refuses, at the call, an expected message holding a value no decoded frame can equal (a
 * BigInt, NaN, a Map, a cycle): it could only fail, and later, with a raw TypeError from
 * showing it.
 */
function checkExpectedMessage(expected: readonly unknown[]): void {
  for (let i = 0; i < expected.length; i++) {
    const problem = jsonLoss(expected[i], `expected[${i}]`, isMatcher)
    if (problem) {
      throw new UsageError(
        `expected receive() to get a message a JSON frame can match, got ${problem}. ` +
          "A decoded JSON frame holds only null, booleans, finite numbers, strings, lists and plain objects: " +
          "expect one of those, or loosen the frame with sinon.match.",
      )
    }
  }
}

/** The frames trap in words (one JSON frame holding a list against a list of frames), or "". */
function trapLine(
  expected: readonly unknown[],
  actual: readonly unknown[],
  json: JsonFrame,
): string {
  const trap = framesTrap(expected, actual, json)
  return trap ? `${trap}\n` : ""
}

function checkOptions(method: string, options: unknown): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new UsageError(
      `expected the options of ${method}() as an object such as { timeout: 500 }, got ${describeValue(options)}.`,
    )
  }
}

/** `await expect(sock).to.receive(expected, { timeout })` */
export function receiveAssertion(chai: ChaiStatic, utils: ChaiUtils) {
  return function receive(
    this: ChaiAssertion,
    expected: readonly unknown[],
    options: RecvOptions = {},
  ) {
    checkNotNegated(utils, this, "receive")
    const sock = subject(utils, this, "receive")
    if (!Array.isArray(expected)) {
      throw new UsageError(
        `expected receive() to get the expected message as a list of frames, e.g. [["pong", 1]], got ${describeValue(expected)}.`,
      )
    }
    const site = new CallSite(receive)
    let json: JsonFrame
    let timeout: number
    try {
      checkExpectedMessage(expected)
      checkOptions("receive", options)
      json = checkJsonFrame("receive({ json })", options.json) ?? sock.json
      timeout = optionalDuration("receive({ timeout })", options.timeout, sock.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
    const received = sock.receiveAt(site, { json: false, timeout })
    const check = received.then((frames) => {
      let actual: unknown[]
      try {
        actual = decodeMessage(frames as Buffer[], json, sock)
      } catch (err) {
        throw site.apply(err as Error)
      }
      if (messageMatches(expected, actual, json)) return actual
      const result = matchMessage(expected, actual, json)
      const where = result.differing.map((i) => `frame ${i}`).join(", ")
      const err = new chai.AssertionError(
        // Not "zmq-harness: expected …": Mocha cuts a message matching /^[^:]+: expected/ down to its
        // prefix when it shows a diff.
        `zmq-harness: the message on ${sock.name} is not the one expected (${where} ` +
          `${result.differing.length === 1 ? "differs" : "differ"}` +
          `${expected.length !== actual.length ? `; ${expected.length} frame(s) expected, ${actual.length} came` : ""}): ` +
          `expected ${JSON.stringify(result.expectedShown)}, got ${renderFrames(frames as Buffer[])}. ` +
          "Check what the peer sends (the transcript below), or loosen a frame with sinon.match.\n" +
          differenceLine(expected, actual, result.differing, json) +
          trapLine(expected, actual, json) +
          "\n" +
          sock.renderTranscript(),
        { actual: result.actualShown, expected: result.expectedShown, showDiff: true },
      )
      throw site.apply(err)
    })
    return AssertionPromise.track(
      check,
      site,
      () => `expect(${sock.name}).to.receive(${JSON.stringify(show(expected))})`,
    )
  }
}

/** `await expect(sock).to.receiveNothing({ timeout })` */
export function receiveNothingAssertion(chai: ChaiStatic, utils: ChaiUtils) {
  return function receiveNothing(this: ChaiAssertion, options: { timeout?: number } = {}) {
    checkNotNegated(utils, this, "receiveNothing")
    const sock = subject(utils, this, "receiveNothing")
    const site = new CallSite(receiveNothing)
    let ms: number
    try {
      checkOptions("receiveNothing", options)
      ms = optionalDuration("receiveNothing({ timeout })", options.timeout, sock.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
    const started = performance.now()
    const check = sock.receiveAt(site, { json: false, timeout: ms }).then(
      (frames) => {
        const after = Math.round(performance.now() - started)
        throw site.apply(
          new chai.AssertionError(
            `zmq-harness: expected nothing on ${sock.name} for ${ms} ms, got ${renderFrames(frames as Buffer[])} after ${after} ms.\n\n` +
              sock.renderTranscript(),
            { actual: show(frames, sock.json), expected: [], showDiff: false },
          ),
        )
      },
      (err: unknown) => {
        if (err instanceof TimeoutError) return undefined
        throw err
      },
    )
    return AssertionPromise.track(check, site, () => `expect(${sock.name}).to.receiveNothing()`)
  }
}
