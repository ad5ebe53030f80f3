import { isDeepStrictEqual } from "node:util"
import { isPrintableText, renderFrame, type JsonFrame } from "../frames/frames"

/** A sinon (samsam) matcher, recognised by shape so that sinon stays optional. */
export interface Matcher {
  test(actual: unknown): boolean
  message: string
}

/**
 * True for a sinon (samsam) matcher: an object with `test()` and a `message`.
 *
 * @example
 * ```ts
 * isMatcher(sinon.match.string) // true
 * ```
 */
export function isMatcher(value: unknown): value is Matcher {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Matcher).test === "function" &&
    typeof (value as Matcher).message === "string"
  )
}

/**
 * True for an object literal (or one made with `Object.create(null)`), not a Buffer, array or class instance.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }) // true
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Deep equality where a sinon matcher may stand anywhere in `expected`. */
export function deepMatch(expected: unknown, actual: unknown): boolean {
  if (isMatcher(expected)) return expected.test(actual)
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => deepMatch(e, actual[i]))
    )
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false
    const keys = Object.keys(expected)
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => k in actual && deepMatch(expected[k], actual[k]))
    )
  }
  return isDeepStrictEqual(expected, actual)
}

/**
 * A raw frame as a person reads it: the UTF-8 text of a frame that is valid, printable text,
 * and the Buffer itself for a binary frame (a routing id, a signature).
 *
 * @example
 * ```ts
 * frameView(Buffer.from("id-17")) // "id-17"
 * frameView(Buffer.from([0, 1, 2])) // <Buffer 00 01 02>
 * ```
 */
export function frameView(frame: Buffer): string | Buffer {
  const text = frame.toString("utf8")
  return isPrintableText(text) ? text : frame
}

/**
 * Asks a matcher about a raw (not decoded) frame as `recv()` with the same `json` option
 * returns it: the Buffer. Under `json: false` that is all (DESIGN.md, "Compatibility": a
 * matcher sees what `recv()` returns). Otherwise a printable text frame that the matcher
 * refuses as a Buffer (or throws on) is offered again as its text, so `sinon.match(/^id-/)`
 * and `sinon.match.string` work on text frames too.
 *
 * @example
 * ```ts
 * testFrame(sinon.match.instanceOf(Buffer), Buffer.from("J{}"), false) // true
 * testFrame(sinon.match(/^id-/), Buffer.from("id-17"), -1) // true (as text)
 * ```
 */
export function testFrame(matcher: Matcher, frame: Buffer, json: JsonFrame | undefined): boolean {
  let failure: unknown
  try {
    if (matcher.test(frame)) return true
  } catch (err) {
    failure = err
  }
  const text = json === false ? undefined : frameView(frame)
  if (typeof text !== "string") {
    if (failure !== undefined) throw failure
    return false
  }
  return matcher.test(text)
}

/**
 * Does one frame of a received message match its expected value? A string
 * matches a raw frame whose UTF-8 text equals it, a Buffer matches byte for
 * byte, a matcher is asked as {@link testFrame} says (`json` is the option
 * the message was decoded with); the decoded (JSON) frame is compared deep-equal.
 */
export function frameMatches(
  expected: unknown,
  actual: unknown,
  json?: JsonFrame | undefined,
): boolean {
  if (Buffer.isBuffer(actual)) {
    if (isMatcher(expected)) return testFrame(expected, actual, json)
    if (typeof expected === "string")
      return actual.toString("utf8") === expected && Buffer.byteLength(expected) === actual.length
    if (Buffer.isBuffer(expected)) return expected.equals(actual)
    if (ArrayBuffer.isView(expected))
      return Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength).equals(actual)
    return false
  }
  return deepMatch(expected, actual)
}

/** True when every frame matches: the fast path of a passing assertion, which builds nothing to show. */
export function messageMatches(
  expected: readonly unknown[],
  actual: readonly unknown[],
  json?: JsonFrame | undefined,
): boolean {
  if (expected.length !== actual.length) return false
  for (let i = 0; i < expected.length; i++)
    if (!frameMatches(expected[i], actual[i], json)) return false
  return true
}

/** The result of comparing a received message to the expected one. */
export interface MessageMatch {
  pass: boolean
  /** Indexes of the frames that differ (or are missing / extra). */
  differing: number[]
  /** The message as shown in a diff: Buffers as text or hex. */
  actualShown: unknown[]
  /** The expected message as shown in a diff: where a matcher matched, the actual value stands. */
  expectedShown: unknown[]
}

/** Compares a decoded message (decoded with the `json` option) with the expected frames. */
export function matchMessage(
  expected: readonly unknown[],
  actual: readonly unknown[],
  json?: JsonFrame | undefined,
): MessageMatch {
  const differing: number[] = []
  const length = Math.max(expected.length, actual.length)
  const expectedShown: unknown[] = []
  for (let i = 0; i < length; i++) {
    const ok =
      i < expected.length && i < actual.length && frameMatches(expected[i], actual[i], json)
    if (!ok) differing.push(i)
    if (i < expected.length)
      expectedShown.push(ok ? show(actual[i], json) : show(expected[i], json))
  }
  return {
    pass: differing.length === 0,
    differing,
    actualShown: actual.map((frame) => show(frame, json)),
    expectedShown,
  }
}

/**
 * A value as shown to a person: matchers by their message, raw frames as the matcher sees
 * them ({@link testFrame}): under `json: false` as Buffers (`<Buffer "5:hello,">`, binary as
 * `<Buffer 3 bytes: 00 80 ff>`), otherwise as text (binary as `<3 bytes: 00 80 ff>`).
 *
 * @example
 * ```ts
 * show([Buffer.from("id"), ["pong", 1]]) // ["id", ["pong", 1]]
 * show([Buffer.from("J{}")], false) // ['<Buffer "J{}">']
 * ```
 */
export function show(value: unknown, json?: JsonFrame | undefined): unknown {
  if (Buffer.isBuffer(value)) return json === false ? bufferText(value) : frameText(value)
  if (isMatcher(value)) return `<${value.message}>`
  if (Array.isArray(value)) return value.map((v) => show(v, json))
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v, json)]))
  return value
}

function frameText(frame: Buffer): string {
  const view = frameView(frame)
  return typeof view === "string" ? view : renderFrame(frame)
}

/** A frame that stays a Buffer, as such: `<Buffer "text">`, `<Buffer 3 bytes: 00 80 ff>`. */
function bufferText(frame: Buffer): string {
  const view = frameView(frame)
  if (typeof view === "string") return `<Buffer ${JSON.stringify(view)}>`
  return `<Buffer ${renderFrame(frame).slice(1)}`
}
