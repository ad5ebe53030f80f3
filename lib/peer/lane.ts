import type { TranscriptLog } from "../socket/transcript"
import { epochOf, type RecordEntry, type ResourceRecord } from "../timeline/record"
import type { MessageNote } from "./inbox"

/** What a mock peer's lane is made of. */
export interface LaneSource {
  readonly name: string
  readonly type: string
  readonly endpoints: readonly string[]
  /** `performance.now()` when the peer was made: the clock of its transcript. */
  readonly born: number
  readonly log: TranscriptLog
  /** What the report says of a message ("unmatched", "subscription"…), if anything. */
  noteOf(frames: readonly Buffer[]): MessageNote | undefined
}

/**
 * A mock peer's lane in the test's artifacts (transcript.jsonl, report.html): its transcript on
 * the one clock of every lane, each message with what the peer noted of it, and a mark on a
 * message no expectation matched ("unmatched") or one more than its expectation allowed
 * ("unexpected"), for the report to draw where it happened.
 *
 * @example
 * ```ts
 * const lane = peerLane(source)
 * lane.entries[0].mark // "unmatched"
 * ```
 */
export function peerLane(source: LaneSource): ResourceRecord {
  const snapshot = source.log.snapshot()
  const entries: RecordEntry[] = snapshot.map((e) => {
    const noted = source.noteOf(e.frames)
    return {
      time: epochOf(source.born + e.at),
      direction: e.direction,
      frames: e.frames,
      ...(noted ? { note: noted.note } : {}),
      ...(noted?.mark ? { mark: noted.mark } : {}),
      ...(e.test === undefined ? {} : { test: e.test }),
    }
  })
  return {
    kind: "peer",
    name: source.name,
    type: source.type,
    endpoints: source.endpoints,
    entries,
    dropped: snapshot.dropped,
  }
}
