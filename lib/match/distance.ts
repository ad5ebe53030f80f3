import { editDistance } from "../util/closest-name"
import { deepMatch, frameMatches, frameView, isMatcher, isPlainObject } from "./match"

/** Past this many characters (after the common start and end), texts are not edited apart. */
const EDITED_CHARS = 256

/**
 * How far apart two texts are, from 0 (the same) to 1 (nothing in common): the edit distance
 * over the longer length, after their common start and end are set aside. Long middles are
 * counted as wholly different rather than edited (an edit distance costs their product).
 */
function textDistance(a: string, b: string): number {
  if (a === b) return 0
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let end = 0
  while (
    end < a.length - start &&
    end < b.length - start &&
    a[a.length - 1 - end] === b[b.length - 1 - end]
  )
    end++
  const x = a.slice(start, a.length - end)
  const y = b.slice(start, b.length - end)
  const edits =
    x.length <= EDITED_CHARS && y.length <= EDITED_CHARS
      ? editDistance(x, y)
      : Math.max(x.length, y.length)
  return edits / Math.max(a.length, b.length)
}

/** How far apart two numbers are, from 0 to 1: relative to the larger magnitude. */
function numberDistance(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0
  const scale = Math.max(Math.abs(a), Math.abs(b))
  return Number.isFinite(scale) && scale > 0 ? Math.min(1, Math.abs(a - b) / scale) : 1
}

/**
 * How far a value is from an expected one (which may hold sinon matchers anywhere): 0 when it
 * matches; for a text or a number, a part of 1 by how much it differs; for a list or an object,
 * the sum over its items or keys, and 1 for each one missing or extra; 1 for anything else that
 * differs.
 *
 * @example
 * ```ts
 * valueDistance(["ping", 1], ["ping", 2]) // 0.5
 * valueDistance({ a: "x" }, { a: "x", b: 1 }) // 1
 * ```
 */
export function valueDistance(expected: unknown, actual: unknown): number {
  if (deepMatch(expected, actual)) return 0
  if (isMatcher(expected)) return 1
  if (typeof expected === "string" && typeof actual === "string")
    return textDistance(expected, actual)
  if (typeof expected === "number" && typeof actual === "number")
    return numberDistance(expected, actual)
  if (Array.isArray(expected) && Array.isArray(actual)) {
    let sum = Math.abs(expected.length - actual.length)
    for (let i = 0; i < Math.min(expected.length, actual.length); i++)
      sum += valueDistance(expected[i], actual[i])
    return sum
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    let sum = 0
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      sum += key in expected && key in actual ? valueDistance(expected[key], actual[key]) : 1
    }
    return sum
  }
  return 1
}

/**
 * How far a received message is from an expected one, frame by frame (frames matched as
 * `receive` matches them: a raw frame against a string by its text): the sum of
 * {@link valueDistance} over the frames, and 1 for each frame missing or extra. Used to name
 * the nearest of several expected messages: the smallest difference wins, not the fewest
 * differing frames (a one-frame JSON message differs "in one frame" from every other).
 *
 * @example
 * ```ts
 * messageDistance([["ping", 1]], [["pinj", 2]]) // 0.75: "pinj" is 1/4 from "ping", 2 is 1/2 from 1
 * messageDistance([["ping", 2]], [["pinj", 2]]) // 0.25: the nearest
 * ```
 */
export function messageDistance(expected: readonly unknown[], actual: readonly unknown[]): number {
  let sum = Math.abs(expected.length - actual.length)
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    const a = actual[i]
    if (frameMatches(expected[i], a)) continue
    const e = Buffer.isBuffer(expected[i]) ? frameView(expected[i] as Buffer) : expected[i]
    sum += valueDistance(e, Buffer.isBuffer(a) ? frameView(a) : a)
  }
  return sum
}
