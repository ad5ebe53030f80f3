import type { TranscriptLog } from "../socket/transcript"
import { epochOf, type RecordEntry, type ResourceRecord } from "../timeline/record"

/** What a mock peer's lane is made of. */
export interface LaneSource {
  readonly name: string
  readonly type: string
  readonly endpoints: readonly string[]
  /** `performance.now()` when the peer was made: the clock of its transcript. */
  readonly born: number
  readonly log: TranscriptLog
  /** What the report says of a message ("unmatched", "subscription"…), if anything. */
  noteOf(frames: readonly Buffer[]): string | undefined
}

/**
 * A mock peer's lane in the test's artifacts (transcript.jsonl, report.html): its transcript on
 * the one clock of every lane, each message with what the peer noted of it.
 *
 * @example
 * ```ts
 * const lane = peerLane(source)
 * lane.entries[0].note // "unmatched"
 * ```
 */
export function peerLane(source: LaneSource): ResourceRecord {
  const snapshot = source.log.snapshot()
  const entries: RecordEntry[] = snapshot.map((e) => {
    const note = source.noteOf(e.frames)
    return {
      time: epochOf(source.born + e.at),
      direction: e.direction,
      frames: e.frames,
      ...(note ? { note } : {}),
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
