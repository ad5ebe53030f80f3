import type { RecordEntry, RecordMark } from "../timeline/record"
import { epochOf } from "../timeline/record"

/**
 * A link's own log: the messages each way, with the faults marked where they
 * hit, and the link's events (connect, cut, heal, a fault set). Bounded like a
 * socket's transcript: the oldest entries go first.
 */
export class LinkTranscript {
  readonly entries: RecordEntry[] = []
  /** Entries dropped to stay within the limit. */
  dropped = 0
  /** The last message each way, kept even when the limit is 0, for the hang report. */
  readonly last: { upstream?: RecordEntry; downstream?: RecordEntry } = {}

  constructor(private readonly limit: number) {}

  /** Adds one message that went (or was stopped) `direction`. */
  message(
    direction: "upstream" | "downstream",
    frames: readonly Buffer[],
    notes?: readonly string[],
    mark?: RecordMark,
  ): void {
    const entry: RecordEntry = {
      time: epochOf(performance.now()),
      direction,
      frames,
      ...(notes && notes.length > 0 ? { note: notes.join("; ") } : {}),
      ...(mark ? { mark } : {}),
    }
    if (!notes?.some((n) => n.endsWith(" command"))) this.last[direction] = entry
    this.add(entry)
  }

  /** Adds an event: `"connect"`, `"cut"`, `"drop"`… */
  event(event: string, note?: string): void {
    this.add({
      time: epochOf(performance.now()),
      direction: "event",
      event,
      ...(note ? { note } : {}),
    })
  }

  private add(entry: RecordEntry): void {
    if (this.limit === 0) {
      this.dropped++
      return
    }
    if (this.entries.length >= this.limit) {
      this.entries.shift()
      this.dropped++
    }
    this.entries.push(entry)
  }
}
