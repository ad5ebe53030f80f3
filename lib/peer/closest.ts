import { describeDifference, firstDifference } from "../match/difference"
import { framesTrap } from "../match/frames-trap"
import type { JsonFrame } from "../frames/frames"
import { messageDistance } from "../match/distance"
import { matchMessage } from "../match/match"
import type { Expectation } from "./expectation"
import type { PeerRequest } from "./request"

/**
 * The expectation nearest to a message none matched, and why it did not match, in one
 * sentence: the smallest difference wins (the first declared on a tie); one that matched
 * but is used up wins over all.
 *
 * @example
 * ```ts
 * closestText(expectations, request)
 * // 'the closest expectation, ["ping", <typeOf("number")>], differs at frame 1 (frame 1: expected <typeOf("number")>, got "1").'
 * ```
 */
export function closestText(expectations: readonly Expectation[], request: PeerRequest): string {
  if (expectations.length === 0)
    return "The peer has no expectation: add one with .on([...]).reply([...])."
  const usedUp = expectations.find((e) => !e.open && safeMatches(e, request))
  if (usedUp) {
    return (
      `The expectation ${usedUp.describe()} matches it, but was used up (${usedUp.allowedText}, saw it ${usedUp.count} time(s)). ` +
      "Raise its .times(n), or make it .persist()."
    )
  }
  // The smallest difference wins, not the fewest differing frames: a one-frame JSON message
  // differs "in one frame" from every other one.
  let best: { expectation: Expectation; differing: number[]; distance: number } | undefined
  for (const expectation of expectations) {
    const expected = expectation.expected
    if (typeof expected === "function") continue
    const distance = messageDistance(expected, decodedOf(request))
    if (!best || distance < best.distance)
      best = {
        expectation,
        differing: matchMessage(expected, decodedOf(request), jsonOf(request)).differing,
        distance,
      }
  }
  if (!best) {
    return `No predicate of the peer's ${expectations.length} expectation(s) accepts it.`
  }
  const expected = best.expectation.expected as readonly unknown[]
  const actual = decodedOf(request)
  const where = best.differing.map((i) => `frame ${i}`).join(", ")
  const lengths =
    expected.length !== actual.length
      ? `; ${expected.length} frame(s) expected, ${actual.length} came`
      : ""
  const i = best.differing.find((d) => d < expected.length && d < actual.length)
  const difference =
    i === undefined
      ? undefined
      : firstDifference(expected[i], actual[i], `frame ${i}`, jsonOf(request))
  const trap = framesTrap(expected, actual, jsonOf(request))
  return (
    `The closest expectation, ${best.expectation.describe()}, differs at ${where}${lengths}` +
    (difference ? ` (${describeDifference(difference).replace(/\.$/, "")}).` : ".") +
    (trap ? ` ${trap}` : "")
  )
}

function safeMatches(expectation: Expectation, request: PeerRequest): boolean {
  try {
    return expectation.matches(request)
  } catch {
    return false
  }
}

/**
 * The message as `receive` decodes it (what expectations match), when the peer kept it;
 * else its frames.
 *
 * @example
 * ```ts
 * matchMessage(["ping", 1], decodedOf(request))
 * ```
 */
export function decodedOf(request: PeerRequest): readonly unknown[] {
  return (request as { decoded?: readonly unknown[] }).decoded ?? request.frames
}

/**
 * The `json` option the peer decoded the message with (undefined for a request the peer did
 * not make): under `false`, matchers see its frames as Buffers only, as `recv()` gives them.
 *
 * @example
 * ```ts
 * messageMatches(expected, decodedOf(request), jsonOf(request))
 * ```
 */
export function jsonOf(request: PeerRequest): JsonFrame | undefined {
  return (request as { json?: JsonFrame }).json
}
