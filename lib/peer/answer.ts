import { PeerReplyError } from "../errors"
import type { Expectation } from "./expectation"
import { encodeReply, type ReplyFrame } from "./reply-frames"
import type { PeerRequest } from "./request"

/**
 * The frames an expectation answers `request` with (after the envelope, which the peer puts
 * back), or undefined when it sends nothing: `.noReply()`, or a reply function that returned
 * undefined. A reply function that throws, or returns what cannot be encoded, is a
 * `PeerReplyError` saying which expectation it was.
 *
 * @example
 * ```ts
 * const frames = await answerFrames(expectation, request)
 * if (frames) await outbox.transmit([...request.envelope, ...frames], undefined, timeout)
 * ```
 */
export async function answerFrames(
  expectation: Expectation,
  request: PeerRequest,
): Promise<Buffer[] | undefined> {
  const answer = expectation.reaction
  if (answer.kind === "none") return undefined
  if (answer.kind === "frames") return answer.frames
  let made: readonly ReplyFrame[] | undefined
  try {
    made = await answer.fn(request.frames, request)
  } catch (err) {
    throw new PeerReplyError(
      `expected the reply function of .on(${expectation.describe()}) to return frames, got an error: ${(err as Error).message}. ` +
        "Fix the function, or return undefined to send nothing.",
      { cause: err },
    )
  }
  if (made === undefined) return undefined
  return encodeReply(
    made,
    `the frames the reply function of .on(${expectation.describe()}) returned`,
  )
}
