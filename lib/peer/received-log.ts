import type { ReceivedMessage } from "./request"

/** The fewest requests kept (more when the transcript keeps more). */
const MIN_KEPT = 10_000

/**
 * The messages a peer received, oldest first, for `peer.received` and
 * `expect(peer).to.have.received()`: the last `max(10,000, limit)` are kept, older ones
 * dropped in batches (cutting one from the front of a long list on every message is O(n)).
 *
 * @example
 * ```ts
 * const log = new ReceivedLog(1000)
 * log.add(request)
 * log.list() // [request]
 * ```
 */
export class ReceivedLog {
  private readonly items: ReceivedMessage[] = []
  private readonly keep: number
  private droppedBefore = 0

  constructor(limit: number) {
    this.keep = Math.max(MIN_KEPT, limit)
  }

  add(request: ReceivedMessage): void {
    this.items.push(request)
    if (this.items.length >= this.keep * 2) {
      const drop = this.items.length - this.keep
      this.items.splice(0, drop)
      this.droppedBefore += drop
    }
  }

  /** The kept messages, oldest first (a copy). */
  list(): ReceivedMessage[] {
    return this.items.slice(Math.max(0, this.items.length - this.keep))
  }

  /** How many of the oldest are no longer listed. */
  get dropped(): number {
    return this.droppedBefore + Math.max(0, this.items.length - this.keep)
  }

  /** How many came in all. */
  get total(): number {
    return this.droppedBefore + this.items.length
  }

  /** How many of those kept no expectation matched. */
  unmatchedCount(): number {
    return this.list().filter((r) => !r.matched).length
  }
}
