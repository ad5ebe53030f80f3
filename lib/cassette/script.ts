import { messageDistance } from "../match/distance"
import { describeDifference, firstDifference } from "../match/difference"
import { renderFrames } from "../frames/frames"
import { decodeFrame, type Cassette } from "./format"
import { comparable, normalized, type CassetteNormalizer, type FrameView } from "./normalize"

/**
 * A channel's part of a cassette, as a replay uses it: each recorded request
 * with the replies recorded after it (until the next request on the
 * channel), and the messages the peer sent before any request (a stream's
 * whole content), each with its index in the cassette (the one clock of
 * every channel).
 */
export interface Exchange {
  /** Index of the request in `cassette.messages`. */
  readonly index: number
  readonly request: Buffer[]
  /** The request as the normalisers make it, for matching. */
  readonly normalized: FrameView[]
  readonly replies: { readonly index: number; readonly frames: Buffer[]; readonly at: number }[]
}

export interface ChannelScript {
  readonly exchanges: Exchange[]
  /** Messages of the peer not answering a request on this channel: played by pace. */
  readonly unsolicited: { readonly index: number; readonly frames: Buffer[]; readonly at: number }[]
}

/** Splits `channel` of `cassette` into exchanges and unsolicited messages. */
export function channelScript(
  cassette: Cassette,
  channel: string,
  normalizers: readonly CassetteNormalizer[],
): ChannelScript {
  const exchanges: Exchange[] = []
  const unsolicited: ChannelScript["unsolicited"] = []
  cassette.messages.forEach((m, index) => {
    if (m.channel !== channel) return
    const frames = m.frames.map(decodeFrame)
    if (m.direction === "upstream") {
      exchanges.push({
        index,
        request: frames,
        normalized: normalized(frames, normalizers),
        replies: [],
      })
    } else {
      const last = exchanges[exchanges.length - 1]
      ;(last ? last.replies : unsolicited).push({ index, frames, at: m.at })
    }
  })
  return { exchanges, unsolicited }
}

/** True when two normalised messages are the same. */
export function sameMessage(a: readonly FrameView[], b: readonly FrameView[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (typeof x === "string" ? x !== y : !(Buffer.isBuffer(y) && x.equals(y))) return false
  }
  return true
}

/**
 * The text of a failure for a live request that no recorded request left
 * matches: the nearest recorded request (the smallest difference, unused
 * first) and where it first differs, after normalisation.
 */
export function nearestText(
  live: readonly Buffer[],
  exchanges: readonly Exchange[],
  used: (e: Exchange) => boolean,
  normalizers: readonly CassetteNormalizer[],
  where: string,
): string {
  if (exchanges.length === 0) return `${where} has no recorded request at all.`
  const actual = comparable(normalized(live, normalizers))
  // The smallest difference after normalisation, unused ones first (a tie: the first recorded).
  let best: { e: Exchange; score: number } | undefined
  for (const e of exchanges) {
    const score = messageDistance(comparable(e.normalized), actual) + (used(e) ? 1e9 : 0)
    if (!best || score < best.score) best = { e, score }
  }
  const nearest = best!.e
  const expected = comparable(nearest.normalized)
  const difference = firstDifference(expected, actual, "request")
  const state = used(nearest)
    ? ", already replayed: the cassette holds it fewer times than it was asked"
    : ""
  return (
    `The nearest recorded request of ${where} (message ${nearest.index} of the cassette${state}) is ${renderFrames(nearest.request)}; ` +
    (difference
      ? `after normalisation, ${describeDifference(difference)}`
      : "after normalisation they are the same, but it was already replayed.") +
    " If the request is right, record the cassette again with ZMQ_HARNESS_CASSETTES=update; if only an id or a time differs, add a normaliser (cassetteNormalizers)."
  )
}
