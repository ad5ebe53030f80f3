import createDebug from "debug"
import { TimeoutError } from "../errors"
import type { EndOfTestCheck, Resource, Scope } from "../core/scope"
import { renderFrames } from "../frames/frames"
import { decodeFrame } from "./format"
import type { MockPeer } from "../peer/mock-peer"
import type { PeerRequest } from "../peer/request"
import { toFrames } from "../frames/frames"
import type { ResourceRecord } from "../timeline/record"
import { delay } from "../util/timers"
import type { CassetteLocation } from "./location"
import type { ReplaySession } from "./replay-session"
import { carry, differingValues, type ReplyRewrite } from "./rewrite"
import type { ChannelScript, Exchange } from "./script"

const debug = createDebug("zmq-harness:cassette")

/**
 * A replay of one channel of a cassette: a mock peer (`peer()`) whose
 * expectations are the recorded requests, each answered by the replies
 * recorded after it, and which plays the channel's other messages (a
 * stream) at the recorded pace. Every recorded request must be replayed by
 * the end of the test, and a request not in the cassette fails the test
 * with the nearest recorded one and where it differs. Made by `replay()`, or
 * by `record()` when its mode replays; closed when the test ends.
 *
 * @example
 * ```ts
 * const fake = await replay("prices", { bind: "tcp://127.0.0.1:*" })
 * await startProcess("node", ["client.js", fake.endpoint])
 * await fake.peer.done() // every recorded request was replayed
 * ```
 */
export class ReplayPeer implements Resource {
  readonly kind = "peer"
  /** Always `"replay"`: it answers from the cassette, the real peer is not used. */
  readonly mode = "replay"
  private readonly stopped = new AbortController()
  private emitting: Promise<void> = Promise.resolve()
  /** How many of the channel's stream messages were sent, and what the next one waits for. */
  private played = 0
  private waitingFor = "the process under test to connect or subscribe"

  /** @internal Made by `replay()` and `record()`. */
  constructor(
    /** The mock peer that answers. */
    readonly peer: MockPeer,
    /** The cassette channel it replays. */
    readonly channel: string,
    private readonly location: CassetteLocation,
    private readonly script: ChannelScript,
    private readonly session: ReplaySession,
    private readonly behaviour: {
      rewrite?: ReplyRewrite
      pace: number | "requests"
      timeout: number
    },
    /** The scope that owns it: told what did not happen when its test fails. */
    private readonly scope: Scope,
  ) {
    scope.endChecks.add(this.endCheck)
  }

  /**
   * When the test (or a test of its suite) failed: a stream that did not play in full is said
   * in the failure (a notice), with what its next message waits for, since a test that waits
   * for a replayed message sees only that it never came.
   */
  private readonly endCheck: EndOfTestCheck = (failure) => {
    const total = this.script.unsolicited.length
    if (failure && this.played < total) {
      this.scope.notice(
        `replay of channel "${this.channel}" of cassette ${this.location.shown} played ${this.played} of its ${total} recorded message(s): ` +
          `the next one waited for ${this.waitingFor}.`,
      )
    }
    return undefined
  }

  /** Where the process under test connects (or, with `connect`, the endpoint connected to). */
  get endpoint(): string {
    return this.peer.endpoint
  }

  /**
   * On a replay of a sub channel (an xpub underneath): resolves once the
   * process under test subscribed to a prefix of `topic` (any, without one).
   *
   * @example
   * ```ts
   * const iopub = await replay("kernel", { channel: "iopub", bind: "tcp://127.0.0.1:*" })
   * await iopub.subscribed()
   * ```
   */
  subscribed(topic?: string | Buffer, options: { timeout?: number } = {}): Promise<void> {
    return this.peer.subscribed(topic, options)
  }

  /** @internal Starts the stream of unsolicited messages, if the channel has any. */
  start(): void {
    if (this.script.unsolicited.length > 0) this.emitting = this.emit()
  }

  /** The frames to send for a recorded message: live values carried in, then the rewrite hook. */
  private async build(frames: Buffer[]): Promise<Buffer[]> {
    const carried = carry(frames, this.session.pairs)
    const rewrite = this.behaviour.rewrite
    if (!rewrite) return carried
    const last = this.session.last
    const made = await rewrite(carried, {
      channel: this.channel,
      request: last?.live,
      recordedRequest: last?.recorded,
    })
    return toFrames(made as never, "the frames the rewrite hook returned")
  }

  /**
   * @internal A live request matched the recorded request of `exchange` (on a channel that
   * answers or not: a push channel's request gates a stream as a req channel's does): its
   * values are carried into what is replayed next, and the streams waiting on it go on.
   */
  matched(exchange: Exchange, request: PeerRequest): void {
    differingValues(exchange.request, request.raw, this.session.pairs)
    this.session.use(exchange.index, request.raw)
  }

  /** @internal The reply to a live request that matched `exchange` (after {@link matched}). */
  async answer(exchange: Exchange, request: PeerRequest): Promise<Buffer[] | undefined> {
    const replies = exchange.replies
    if (replies.length === 0) return undefined
    if (replies.length === 1 || this.peer.type === "rep") return this.build(replies[0].frames)
    // A reply function answers with one message: several go out as sends, in order, to the
    // sender's envelope (a router's routing id).
    void this.sendLater(
      replies.map((r) => r.frames),
      request.envelope as Buffer[],
    )
    return undefined
  }

  private async sendLater(messages: Buffer[][], envelope: Buffer[]): Promise<void> {
    for (const frames of messages) {
      try {
        await this.peer.send(await this.build(frames), { envelope })
      } catch (err) {
        debug("%s: could not send a later reply: %O", this.describe(), err)
      }
    }
  }

  /** Plays the unsolicited messages, by pace, once the process under test is there to get them. */
  private async emit(): Promise<void> {
    const { pace } = this.behaviour
    if (!(await this.awaitAudience())) return
    const started = performance.now()
    const first = this.script.unsolicited[0].at
    for (const m of this.script.unsolicited) {
      if (this.stopped.signal.aborted) return
      if (pace === "requests") {
        const stopped = this.stopped.signal
        await this.session.changed.until(() => {
          const awaited = this.session.awaited(m.index, this.channel)
          if (awaited !== undefined) this.waitingFor = this.describeRequest(awaited)
          return stopped.aborted || awaited === undefined
        })
        if (stopped.aborted) return
      } else {
        const wait = started + (m.at - first) * pace - performance.now()
        if (wait > 0 && !(await delay(wait, { signal: this.stopped.signal }))) return
      }
      this.waitingFor = `its send (message ${m.index} of the cassette)`
      try {
        await this.peer.send(await this.build(m.frames))
        this.played++
      } catch (err) {
        if (this.stopped.signal.aborted) return
        this.scope.notice(
          `replay of channel "${this.channel}" of cassette ${this.location.shown} could not send recorded message ${m.index}: ${(err as Error).message.split("\n")[0]}`,
        )
        debug("%s: could not send recorded message %d: %O", this.describe(), m.index, err)
      }
    }
  }

  /** A recorded request, for people: `recorded request 0 on channel "orders", ["buy", "ACME"], to be replayed`. */
  private describeRequest(index: number): string {
    const m = this.session.cassette.messages[index]
    return `recorded request ${index} on channel "${m.channel}", ${renderFrames(m.frames.map(decodeFrame))}, to be replayed`
  }

  /** Waits (each wait bounded, until closed) for a subscriber or a connection. */
  private async awaitAudience(): Promise<boolean> {
    const xpub = this.peer.socket.type === "xpub"
    while (!this.stopped.signal.aborted) {
      try {
        if (xpub) await this.peer.subscribed(undefined, { timeout: this.behaviour.timeout })
        else await this.peer.connected({ timeout: this.behaviour.timeout })
        return true
      } catch (err) {
        if (!(err instanceof TimeoutError)) return false
      }
    }
    return false
  }

  close(): Promise<void> {
    this.scope.endChecks.delete(this.endCheck)
    this.stopped.abort()
    // Its own wait on the session ends; the other channels' replays go on.
    this.session.changed.signal()
    return this.peer.close()
  }

  describe(): string {
    const total = this.script.unsolicited.length
    const stream =
      total > 0 && this.played < total && !this.stopped.signal.aborted
        ? ` (played ${this.played} of its ${total} recorded message(s); the next waits for ${this.waitingFor})`
        : ""
    return `replay of channel "${this.channel}" of cassette ${this.location.shown}${stream}: ${this.peer.describe()}`
  }

  record(): ResourceRecord {
    const lane = this.peer.record()
    return { ...lane, name: `replay ${this.channel} ${lane.name}` }
  }
}
