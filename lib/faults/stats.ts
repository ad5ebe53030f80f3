/**
 * What went through a link, and what its faults did: `link.stats`.
 *
 * @example
 * ```ts
 * link.drop({ every: 2 })
 * // … four requests later
 * expect(link.stats.faults.dropped).to.equal(2)
 * expect(link.stats.upstream.messages).to.equal(4)
 * ```
 */
export interface LinkStats {
  /**
   * From the callers to the target: bytes read, whole messages seen (dropped ones included),
   * and the bytes the link holds now (waiting for a fault, or for the target to read: at most
   * `LINK_BUFFER_BYTES` per connection, plus the message being read and one chunk).
   */
  readonly upstream: DirectionStats
  /** From the target back to the callers. */
  readonly downstream: DirectionStats
  readonly connections: {
    /** Connections accepted and forwarded to the target. */
    readonly accepted: number
    /** Open now. */
    readonly open: number
    /** Closed at once because the link was cut. */
    readonly refused: number
    /** Live connections closed by `cut()`. */
    readonly cut: number
  }
  /** Messages (or, on an unreadable stream, chunks) each fault hit. */
  readonly faults: {
    readonly dropped: number
    readonly duplicated: number
    readonly reordered: number
    readonly delayed: number
  }
}

/** What went one way through a link: see {@link LinkStats}. */
export interface DirectionStats {
  readonly bytes: number
  readonly messages: number
  /** Bytes held inside the link now, over its live connections. */
  readonly buffered: number
}

/** The counters behind {@link LinkStats}, written by the link's pipes. */
export class Counters {
  readonly upstream = { bytes: 0, messages: 0 }
  readonly downstream = { bytes: 0, messages: 0 }
  readonly connections = { accepted: 0, open: 0, refused: 0, cut: 0 }
  readonly faults = { dropped: 0, duplicated: 0, reordered: 0, delayed: 0 }

  /** A copy, so a test can compare two readings. */
  snapshot(buffered: { upstream: number; downstream: number }): LinkStats {
    return {
      upstream: { ...this.upstream, buffered: buffered.upstream },
      downstream: { ...this.downstream, buffered: buffered.downstream },
      connections: { ...this.connections },
      faults: { ...this.faults },
    }
  }
}
