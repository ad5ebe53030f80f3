import type { Scope } from "../core/scope"
import { decodeFrame, type Cassette } from "./format"
import { SignalList } from "./signal-list"

/** The replays of one cassette in one test, by absolute path. */
const sessions = new WeakMap<Scope, Map<string, ReplaySession>>()

/**
 * What the replays of one cassette share within a test: which recorded
 * requests were replayed (so a stream message recorded after a request on
 * another channel waits for it), the values carried from live requests into
 * replies (a request id quoted on another channel), and the last live request.
 */
export class ReplaySession {
  private readonly used = new Set<number>()
  private readonly channels = new Set<string>()
  /** Recorded value → live value, from every request matched so far. */
  readonly pairs = new Map<string, string>()
  /** The last live request replayed on any channel, and the recorded one it matched. */
  last: { live: readonly Buffer[]; recorded: readonly Buffer[] } | undefined
  readonly changed = new SignalList()

  private constructor(readonly cassette: Cassette) {}

  /** The session of `absolute` in `scope`, made on first use. */
  static of(scope: Scope, absolute: string, cassette: Cassette): ReplaySession {
    let map = sessions.get(scope)
    if (!map) sessions.set(scope, (map = new Map()))
    let session = map.get(absolute)
    if (!session) map.set(absolute, (session = new ReplaySession(cassette)))
    return session
  }

  /** A channel starts being replayed: its requests now gate the streams. */
  join(channel: string): void {
    this.channels.add(channel)
    this.changed.signal()
  }

  /** The recorded message `index` (an upstream one) was replayed by a live request. */
  use(index: number, live: readonly Buffer[]): void {
    this.used.add(index)
    const recorded = this.cassette.messages[index].frames.map(decodeFrame)
    this.last = { live, recorded }
    this.changed.signal()
  }

  /**
   * True when every request recorded before message `index`, on a channel
   * being replayed other than `channel`, has been replayed.
   */
  caughtUp(index: number, channel: string): boolean {
    return this.awaited(index, channel) === undefined
  }

  /**
   * The first request recorded before message `index`, on a channel being replayed other than
   * `channel`, that was not replayed yet (its index in the cassette), or undefined.
   */
  awaited(index: number, channel: string): number | undefined {
    const messages = this.cassette.messages
    for (let i = 0; i < index; i++) {
      const m = messages[i]
      if (
        m.direction === "upstream" &&
        m.channel !== channel &&
        this.channels.has(m.channel) &&
        !this.used.has(i)
      )
        return i
    }
    return undefined
  }
}
