import type * as zmq from "zeromq"
import { runningTest } from "../socket/receiver"
import type { TranscriptLog } from "../socket/transcript"
import type { CallSite } from "../util/call-site"
import { sendError, type PeerFacts } from "./failures"

const noop = () => undefined

/**
 * The sending side of a mock peer: one send at a time on its socket (zeromq.js refuses a second
 * concurrent send), each noted in the transcript once sent; and the user's own sends (`send()`,
 * `publish()`) counted while they are owed, for `done()`.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(raw, log, peer, { closing: () => false, sent() {}, settled() {} })
 * await outbox.transmit([Buffer.from("pong")], undefined, 1000)
 * ```
 */
export class Outbox {
  private queue: Promise<unknown> = Promise.resolve()
  private inFlight = 0
  private owed = 0

  constructor(
    private readonly raw: zmq.Socket & zmq.Writable,
    private readonly log: TranscriptLog,
    private readonly facts: PeerFacts,
    private readonly events: {
      /** True once the peer is closing: a failed send is then a close, not a timeout. */
      closing(): boolean
      /** After each send (a req peer then receives its reply). */
      sent(): void
      /** After each of the user's sends settled (`done()` waits on them). */
      settled(): void
    },
  ) {}

  /** Sends frames as they are, after the sends before it; the error points at `site` when given. */
  transmit(frames: Buffer[], site: CallSite | undefined, bound: number): Promise<void> {
    const go = async () => {
      if (this.raw.sendTimeout !== bound) this.raw.sendTimeout = bound
      try {
        await this.raw.send(frames)
      } catch (err) {
        const error = sendError(this.facts, frames, err, bound, this.events.closing())
        throw site ? site.apply(error) : error
      }
      this.log.record("sent", frames, runningTest())
      this.events.sent()
    }
    // At once when no send is in flight (the common case: one hop less per reply), else after it.
    const sending = this.inFlight === 0 ? go() : this.queue.then(go)
    this.inFlight++
    this.queue = sending.then(this.settle, this.settle)
    return sending
  }

  private readonly settle = () => {
    this.inFlight--
  }

  /**
   * A promise of the user's (`send`, `publish`), counted while it is owed, and marked handled:
   * one the test did not await cannot become an unhandled rejection when the close ends it.
   */
  track(work: Promise<void>): Promise<void> {
    this.owed++
    const tracked = work.finally(() => {
      this.owed--
      this.events.settled()
    })
    tracked.catch(noop)
    return tracked
  }

  /** How many of the user's sends are not finished. */
  get owedSends(): number {
    return this.owed
  }

  /** Settles once every send queued so far has settled. */
  get drained(): Promise<unknown> {
    return this.queue
  }
}
