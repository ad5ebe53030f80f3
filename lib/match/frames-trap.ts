import type { JsonFrame } from "../frames/frames"
import { messageMatches } from "./match"

/**
 * The one mistake with frames that every newcomer makes, told in words when a message did not
 * match: `sock.send(["get", "a"])` sends one JSON frame holding the list, while
 * `receive([...])`, `peer.on([...])`, `.reply([...])` and `sendFrames([...])` take a list of
 * frames. Without this, the failure reads `frame 0: expected "get", got ["get","a"]`, which
 * does not say that the two sides mean different things by the same brackets.
 *
 * Returns a sentence when one side is the other wrapped in (or unwrapped from) a single JSON
 * frame, undefined otherwise.
 *
 * @param expected the expected message, a list of frames (sinon matchers allowed)
 * @param actual the message as `receive` decodes it
 * @example
 * ```ts
 * framesTrap(["get", "a"], [["get", "a"]], -1)
 * // 'It came as one JSON frame holding the list ["get","a"] (what `send(["get", "a"])` sends) …'
 * ```
 */
export function framesTrap(
  expected: readonly unknown[],
  actual: readonly unknown[],
  json: JsonFrame | undefined,
): string | undefined {
  // One JSON frame came whose list is the frames expected.
  if (
    actual.length === 1 &&
    Array.isArray(actual[0]) &&
    expected.length >= 1 &&
    !(expected.length === 1 && Array.isArray(expected[0])) &&
    safeMatches(expected, actual[0] as unknown[], false)
  ) {
    const list = JSON.stringify(actual[0])
    return (
      `It came as one JSON frame holding the list ${list} (what \`send(${list})\` sends), ` +
      `while ${expected.length} frame(s) were expected. Expect one JSON frame, [${list}], ` +
      `or send the frames as they are: \`sendFrames(${list})\` (a mock peer's .reply([...]) does).`
    )
  }
  // Frames came that, as one list, are the single JSON frame expected.
  if (
    expected.length === 1 &&
    Array.isArray(expected[0]) &&
    actual.length > 1 &&
    safeMatches(expected[0] as unknown[], actual, json)
  ) {
    const list = JSON.stringify(expected[0])
    return (
      `It came as ${actual.length} frames that together are the list expected in one JSON frame. ` +
      `The sender sends frames as they are (\`sendFrames\`, a mock peer's .reply([...])): ` +
      `expect the frames, ${list}, not [${list}] (or have it send one JSON frame: \`send(${list})\`).`
    )
  }
  return undefined
}

function safeMatches(
  expected: readonly unknown[],
  actual: readonly unknown[],
  json: JsonFrame | undefined | false,
): boolean {
  try {
    return messageMatches(expected, actual, json === false ? undefined : json)
  } catch {
    return false // a matcher that throws on a value of the other shape
  }
}
