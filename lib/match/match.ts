import { isDeepStrictEqual } from "node:util"
import { isPrintableText, renderFrame } from "../frames/frames"

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
 * A raw frame as a matcher sees it, which is how a failure shows it: the
 * UTF-8 text of a frame that is valid, printable text (so `sinon.match(/re/)`
 * and `sinon.match.string` work on text frames), and the Buffer itself for a
 * binary frame (a routing id, a signature), which a failure shows as hex.
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
 * Does one frame of a received message match its expected value? A string
 * matches a raw frame whose UTF-8 text equals it, a Buffer matches byte for
 * byte, a matcher is given the frame's {@link frameView}; the decoded (JSON)
 * frame is compared deep-equal.
 */
export function frameMatches(expected: unknown, actual: unknown): boolean {
  if (Buffer.isBuffer(actual)) {
    if (isMatcher(expected)) return expected.test(frameView(actual))
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
export function messageMatches(expected: readonly unknown[], actual: readonly unknown[]): boolean {
  if (expected.length !== actual.length) return false
  for (let i = 0; i < expected.length; i++) if (!frameMatches(expected[i], actual[i])) return false
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

/** Compares a decoded message with the expected frames. */
export function matchMessage(
  expected: readonly unknown[],
  actual: readonly unknown[],
): MessageMatch {
  const differing: number[] = []
  const length = Math.max(expected.length, actual.length)
  const expectedShown: unknown[] = []
  for (let i = 0; i < length; i++) {
    const ok = i < expected.length && i < actual.length && frameMatches(expected[i], actual[i])
    if (!ok) differing.push(i)
    if (i < expected.length) expectedShown.push(ok ? show(actual[i]) : show(expected[i]))
  }
  return { pass: differing.length === 0, differing, actualShown: actual.map(show), expectedShown }
}

/** A value as shown to a person: frames as text, matchers by their message. */
export function show(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return frameText(value)
  if (isMatcher(value)) return `<${value.message}>`
  if (Array.isArray(value)) return value.map(show)
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, show(v)]))
  return value
}

function frameText(frame: Buffer): string {
  const view = frameView(frame)
  return typeof view === "string" ? view : renderFrame(frame)
}
