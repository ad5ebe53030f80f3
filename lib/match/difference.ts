import { isDeepStrictEqual } from "node:util"
import type { JsonFrame } from "../frames/frames"
import {
  frameView,
  isMatcher,
  isPlainObject,
  show as shown,
  testFrame,
  type Matcher,
} from "./match"

/**
 * Where a received message first differs from the expected one.
 *
 * @example
 * ```ts
 * const d: Difference = { path: "frame 1.user.age", expected: 31, actual: 30 }
 * ```
 */
export interface Difference {
  /** The path from the message: `frame 2`, `frame 2.user.age`, `frame 1[3]`. */
  path: string
  /** What was expected there, as shown to a person (a matcher by its message). */
  expected: unknown
  /** What came there, as shown to a person; `undefined` for a missing key. */
  actual: unknown
  /** Why, when it is not a plain inequality: "missing", "unexpected key", "3 items expected, 2 came". */
  note?: string
}

function keyPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

/**
 * The first place where `actual` differs from `expected` (which may hold
 * sinon matchers anywhere), or undefined when they match. Only built for a
 * failure, so it may take its time.
 *
 * @example
 * ```ts
 * firstDifference({ a: { b: 1 } }, { a: { b: 2 } }, "frame 0") // { path: "frame 0.a.b", expected: 1, actual: 2 }
 * ```
 */
export function firstDifference(
  expected: unknown,
  actual: unknown,
  path: string,
  json?: JsonFrame | undefined,
): Difference | undefined {
  const show = (value: unknown) => shown(value, json)
  if (isMatcher(expected)) return matcherDifference(expected, actual, path, json)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return { path, expected: show(expected), actual: show(actual) }
    const length = Math.min(expected.length, actual.length)
    for (let i = 0; i < length; i++) {
      const found = firstDifference(expected[i], actual[i], keyPath(path, i), json)
      if (found) return found
    }
    if (expected.length !== actual.length) {
      return {
        path,
        expected: show(expected),
        actual: show(actual),
        note: `${expected.length} item(s) expected, ${actual.length} came`,
      }
    }
    return undefined
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return { path, expected: show(expected), actual: show(actual) }
    for (const key of Object.keys(expected)) {
      if (!Object.hasOwn(actual, key)) {
        return {
          path: keyPath(path, key),
          expected: show(expected[key]),
          actual: undefined,
          note: "missing",
        }
      }
      const found = firstDifference(expected[key], actual[key], keyPath(path, key), json)
      if (found) return found
    }
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key)) {
        return {
          path: keyPath(path, key),
          expected: undefined,
          actual: show(actual[key]),
          note: "unexpected key",
        }
      }
    }
    return undefined
  }
  if (Buffer.isBuffer(actual) && typeof expected === "string") {
    return expected === actual.toString("utf8")
      ? undefined
      : { path, expected, actual: show(actual) }
  }
  return isDeepStrictEqual(expected, actual)
    ? undefined
    : { path, expected: show(expected), actual: show(actual) }
}

/**
 * A failed matcher. For `sinon.match({ … })` on an object, the key it
 * stopped at: samsam checks keys in order and stops at the first that fails,
 * so the last key it read of a recording copy of `actual` is that key.
 */
function matcherDifference(
  matcher: Matcher,
  actual: unknown,
  path: string,
  json: JsonFrame | undefined,
): Difference | undefined {
  const show = (value: unknown) => shown(value, json)
  if (Buffer.isBuffer(actual) ? testFrame(matcher, actual, json) : matcher.test(actual))
    return undefined
  // A raw frame as the failure shows it: the Buffer under json: false, else its text view.
  const seen = Buffer.isBuffer(actual) && json !== false ? frameView(actual) : actual
  const read: (string | number)[] = []
  if (typeof seen === "object" && seen !== null && !Buffer.isBuffer(seen)) {
    try {
      matcher.test(recording(seen, [], read))
    } catch {
      read.length = 0
    }
  }
  if (read.length === 0) return { path, expected: `<${matcher.message}>`, actual: show(seen) }
  let value: unknown = seen
  for (const key of read) value = (value as Record<string | number, unknown>)?.[key]
  const top = read.length === 1 ? keyExpectation(matcher.message, String(read[0])) : undefined
  return {
    path: read.reduce<string>((p, k) => keyPath(p, k), path),
    expected: top === undefined ? `<${matcher.message}>` : top,
    actual: value === undefined ? undefined : show(value),
    note: value === undefined ? "missing" : undefined,
  }
}

/** A proxy of `value` that records, in `read`, the path of the last property read. */
function recording(value: object, at: (string | number)[], read: (string | number)[]): object {
  return new Proxy(value, {
    get(target, key, receiver) {
      const result: unknown = Reflect.get(target, key, receiver)
      if (typeof key !== "string" || typeof result === "function") return result
      const here = [...at, Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key]
      read.splice(0, read.length, ...here)
      return typeof result === "object" && result !== null && !Buffer.isBuffer(result)
        ? recording(result, here, read)
        : result
    },
  })
}

/**
 * The expectation of `key` in a samsam object matcher's message,
 * `match(a: 1, b: ok, c: typeOf("number"))`: a value, the text of a string,
 * or `<a matcher>`; undefined when it cannot be told (a nested object).
 */
function keyExpectation(message: string, key: string): unknown {
  if (!message.startsWith("match(") || !message.endsWith(")")) return undefined
  const body = message.slice("match(".length, -1)
  const at = body.startsWith(`${key}: `) ? 0 : body.indexOf(`, ${key}: `)
  if (at < 0) return undefined
  const rest = body.slice(at === 0 ? key.length + 2 : at + key.length + 4)
  const next = /, [A-Za-z_$][\w$]*: /.exec(rest)
  const text = next ? rest.slice(0, next.index) : rest
  if (text.startsWith("[object ")) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return /^[\w.]+\(.*\)$/s.test(text) ? `<${text}>` : text
  }
}

/**
 * A difference as one sentence for a failure message.
 *
 * @example
 * ```ts
 * describeDifference({ path: "frame 0.b", expected: 2, actual: undefined, note: "missing" })
 * // "frame 0.b: expected 2, got nothing (missing)."
 * ```
 */
export function describeDifference(d: Difference): string {
  const shown = (v: unknown) =>
    v === undefined ? "nothing" : typeof v === "string" && /^<.*>$/s.test(v) ? v : JSON.stringify(v)
  return `${d.path}: expected ${d.expected === undefined ? "no such key" : shown(d.expected)}, got ${shown(d.actual)}${d.note ? ` (${d.note})` : ""}.`
}
