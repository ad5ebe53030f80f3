import createDebug from "debug"
import { CassetteMissingError, CassetteSocketTypeError, TimeoutError, UsageError } from "../errors"
import type { Resource, Scope } from "../mocha/scope"
import { peer } from "../peer/create"
import type { MockPeer } from "../peer/mock-peer"
import type { PeerRequest } from "../peer/request"
import { describeValue, renderFrames, toFrames } from "../socket/frames"
import type { SocketType } from "../socket/types"
import type { ResourceRecord } from "../timeline/record"
import { delay } from "../util/timers"
import { channelPlans } from "./channel-types"
import type { Cassette } from "./format"
import type { CassetteLocation } from "./location"
import { normalizerList, normalized, type FrameView } from "./normalize"
import type { ReplayBehaviour } from "./options"
import { ReplaySession } from "./replay-session"
import { carry, differingValues, type ReplyRewrite } from "./rewrite"
import {
  channelScript,
  nearestText,
  sameMessage,
  type ChannelScript,
  type Exchange,
} from "./script"

const debug = createDebug("zmq-harness:cassette")

/** What a replay is started with, once checked. */
export interface ReplayStart extends ReplayBehaviour {
  readonly channel?: string
  readonly type?: SocketType
  readonly bind?: string
  readonly connect?: string
  readonly timeout: number
  readonly scope: Scope
}

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
  ) {}

  /** Where the process under test connects (or, with `connect`, the endpoint connected to). */
  get endpoint(): string {
    return this.peer.endpoint
  }

  /**
   * On a replay of a sub channel (an xpub underneath): resolves once the
   * process under test subscribed to a prefix of `topic` (any, without one).
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

  /** @internal The reply to a live request that matched `exchange`. */
  async answer(exchange: Exchange, request: PeerRequest): Promise<Buffer[] | undefined> {
    differingValues(exchange.request, request.raw, this.session.pairs)
    this.session.use(exchange.index, request.raw)
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
        await this.session.changed.until(
          () => stopped.aborted || this.session.caughtUp(m.index, this.channel),
        )
        if (stopped.aborted) return
      } else {
        const wait = started + (m.at - first) * pace - performance.now()
        if (wait > 0 && !(await delay(wait, { signal: this.stopped.signal }))) return
      }
      try {
        await this.peer.send(await this.build(m.frames))
      } catch (err) {
        if (this.stopped.signal.aborted) return
        debug("%s: could not send recorded message %d: %O", this.describe(), m.index, err)
      }
    }
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
    this.stopped.abort()
    // Its own wait on the session ends; the other channels' replays go on.
    this.session.changed.signal()
    return this.peer.close()
  }

  describe(): string {
    return `replay of channel "${this.channel}" of cassette ${this.location.shown}: ${this.peer.describe()}`
  }

  record(): ResourceRecord {
    const lane = this.peer.record()
    return { ...lane, name: `replay ${this.channel} ${lane.name}` }
  }
}

/** The `pace` option: `"requests"` (the default) or a factor of the recorded timing. */
function checkPace(value: unknown, call: string): number | "requests" {
  if (value === undefined || value === "requests") return "requests"
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1000)
    return value
  throw new UsageError(
    `expected \`pace\` of ${call} to be "requests" or a factor of the recorded timing from 0 to 1000 (1: as recorded, 0.5: twice as fast, 0: at once), got ${describeValue(value)}.`,
  )
}

/** Starts the replay of a channel of `cassette` (checked by the caller: its version and shape). */
export async function startReplay(
  name: string,
  location: CassetteLocation,
  cassette: Cassette,
  options: ReplayStart,
): Promise<ReplayPeer> {
  const channels = Object.keys(cassette.channels)
  const channel = options.channel ?? (channels.length === 1 ? channels[0] : "main")
  const recorded = Object.hasOwn(cassette.channels, channel)
    ? cassette.channels[channel]
    : undefined
  if (!recorded) {
    throw new CassetteMissingError(
      location.shown,
      `expected cassette ${location.shown} to hold channel "${channel}", got only ${channels.map((c) => `"${c}"`).join(", ") || "no channel"}. ` +
        "Name one of those with `channel`, or record the cassette again with ZMQ_HARNESS_CASSETTES=update.",
    )
  }
  if (options.type !== undefined && options.type !== recorded.type) {
    throw new CassetteSocketTypeError(
      location.shown,
      `expected channel "${channel}" of cassette ${location.shown} to be recorded for a ${options.type} socket, got one recorded for a ${recorded.type} socket ` +
        `(replayed by a ${recorded.peer}). Use a ${recorded.type} socket in the process under test, or record the cassette again with ZMQ_HARNESS_CASSETTES=update.`,
    )
  }
  const plan = channelPlans[recorded.type]
  if (!plan || plan.peer !== recorded.peer) {
    throw new CassetteSocketTypeError(
      location.shown,
      `expected channel "${channel}" of cassette ${location.shown} to pair a recordable socket type with its peer, got ${recorded.type} with ${recorded.peer}. Record it again with ZMQ_HARNESS_CASSETTES=update.`,
    )
  }
  const call = `replay("${name}")`
  const normalize = normalizerList(options.normalize, call)
  if (options.rewrite !== undefined && typeof options.rewrite !== "function") {
    throw new UsageError(
      `expected \`rewrite\` of ${call} to be a function (frames, context) => frames.`,
    )
  }
  const pace = checkPace(options.pace, call)
  const script = channelScript(cassette, channel, normalize)
  const session = ReplaySession.of(options.scope, location.absolute, cassette)

  const mock = await peer(recorded.peer === "xpub" ? "pub" : recorded.peer, {
    ...(options.bind !== undefined ? { bind: options.bind } : {}),
    ...(options.connect !== undefined ? { connect: options.connect } : {}),
    timeout: options.timeout,
    json: false,
    name: `${name}/${channel}`,
  })
  const replaying = new ReplayPeer(mock, channel, location, script, session, {
    rewrite: options.rewrite,
    pace,
    timeout: options.timeout,
  })
  // The replay stands for the mock peer in the test's scope (one lane, one line in reports).
  options.scope.remove(mock)
  options.scope.add(replaying)

  // Each live request is normalised once, however many expectations look at it.
  const views = new WeakMap<PeerRequest, FrameView[]>()
  const view = (request: PeerRequest) => {
    let v = views.get(request)
    if (!v) views.set(request, (v = normalized(request.raw, normalize)))
    return v
  }
  // A peer that receives (not a publisher or a push) expects the recorded requests, in any order.
  if (!["xpub", "push"].includes(recorded.peer)) {
    const answers = ["rep", "router", "pair"].includes(recorded.peer)
    for (const exchange of script.exchanges) {
      const recordedRequest = (_frames: readonly unknown[], request: PeerRequest) =>
        sameMessage(exchange.normalized, view(request))
      // Named, so that an unmet one reads "<predicate recorded request 0 ["get", "a"]>".
      Object.defineProperty(recordedRequest, "name", {
        value: `recorded request ${exchange.index} ${renderFrames(exchange.request)}`,
      })
      const expectation = mock.on(recordedRequest)
      if (answers) expectation.reply((_frames, request) => replaying.answer(exchange, request))
    }
    const used = (e: Exchange) => (mock.expectations[script.exchanges.indexOf(e)]?.count ?? 0) > 0
    mock.explainUnmatched((request) =>
      nearestText(
        request.raw,
        script.exchanges,
        used,
        normalize,
        `channel "${channel}" of cassette ${location.shown}`,
      ),
    )
  }
  session.join(channel)
  replaying.start()
  return replaying
}
