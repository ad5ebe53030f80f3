import type * as zmq from "zeromq"
import createDebug from "debug"
import { TimeoutError } from "../errors"
import type { EndOfTestCheck, Resource, Scope } from "../core/scope"
import { Connections } from "../socket/connections"
import { translateZmqError } from "../socket/errors"
import { removeIpcFile } from "../socket/ipc-file"
import { renderFrames } from "../frames/frames"
import { runningTest } from "../socket/receiver"
import { SubscriptionList } from "../socket/subscriptions"
import { socketClasses, type SocketType } from "../socket/types"
import { epochOf, type RecordEntry, type RecordMark, type ResourceRecord } from "../timeline/record"
import type { ChannelPlan } from "./channel-types"
import type { CassetteRecording } from "./recording"
import { CallSite } from "../util/call-site"
import { optionalDuration } from "../util/duration"
import { topicBytes } from "../util/topic"
import { SignalList } from "./signal-list"
import { TargetWatch, type RecordReason } from "./target-watch"

const debug = createDebug("zmq-harness:cassette")

/** What a recording proxy is made with (checked by `record()`). */
export interface ProxySpec {
  readonly channel: string
  /** The socket type of the process under test. */
  readonly type: SocketType
  readonly plan: ChannelPlan
  /** The real peer's endpoint. */
  readonly target: string
  /** Where the proxy listens for the process under test. */
  readonly listen: string
  /** Bound of every forwarded send and of `subscribed()`, in ms. */
  readonly timeout: number
  readonly recording: CassetteRecording
  /** Why it talks to the real peer: the cassette is missing, or recorded again. */
  readonly reason: RecordReason
  /** The scope that owns it: told when the target does not answer. */
  readonly scope: Scope
  /** e.g. `record("quotes")`, for messages. */
  readonly call: string
}

/** Frames as the application sees them: REQ/REP's empty delimiter is the socket's own. */
function appFrames(frames: Buffer[], plan: ChannelPlan): Buffer[] {
  return plan.delimiter && frames.length > 0 && frames[0].length === 0 ? frames.slice(1) : frames
}

/**
 * A recording proxy: a socket the process under test connects to, forwarding
 * every message both ways to the real peer and noting it in the cassette.
 * Behind a ROUTER front, each client gets its own upstream DEALER, so replies
 * go back to the client that asked (its envelope kept), and REQ's delimiter
 * stays on the wire while the cassette holds the application's frames.
 * Subscriptions (sub and pub channels) are forwarded too, through XPUB/XSUB.
 * Made by `record()` when its mode records; closed when the test ends.
 *
 * @example
 * ```ts
 * const feed = await record("ticks", { type: "sub", target: "tcp://127.0.0.1:5556" })
 * const sub = await socket("sub", { connect: feed.endpoint })
 * await feed.subscribed() // the subscription reached the real publisher
 * ```
 */
export class RecordProxy implements Resource {
  readonly kind = "proxy"
  /**
   * `"record"`: it talks to the real peer and records; `"passthrough"`: it talks
   * to the real peer and writes nothing (mode `replay` with no cassette).
   */
  readonly mode: "record" | "passthrough"
  private readonly front: zmq.Socket
  /** The front's listener, followed so that a close returns once its port is free again. */
  private readonly frontConnections: Connections
  private readonly upstreams = new Map<string, zmq.Socket>()
  private readonly watched = new Map<zmq.Socket, Connections>()
  private readonly entries: RecordEntry[] = []
  private readonly subscriptions = new SubscriptionList()
  private readonly subscriptionSeen = new SignalList()
  /** Whether the real peer is there: said at once when it does not answer. */
  private readonly watch: TargetWatch
  private closing: Promise<void> | undefined
  /** The resolved endpoint the process under test connects to. */
  endpoint = ""

  /** @internal Made by `record()`. */
  constructor(private readonly spec: ProxySpec) {
    this.mode = spec.recording.keep ? "record" : "passthrough"
    this.front = this.make(spec.plan.front)
    this.frontConnections = new Connections(this.front)
    this.watch = new TargetWatch({
      call: spec.call,
      cassette: spec.recording.location.shown,
      target: spec.target,
      reason: spec.reason,
      family: spec.plan.family,
      scope: spec.scope,
      timeout: spec.timeout,
    })
    spec.scope.endChecks.add(this.endCheck)
  }

  /**
   * Why its cassette must not be written: its real peer never answered. Undefined when it did
   * (or nothing was asked of it). Asked by the recording before it writes the cassette; waits
   * (within the proxy's timeout since the first message to the target) to know.
   */
  async unwritable(): Promise<string | undefined> {
    await this.watch.settled()
    return this.watch.unwritable()
  }

  /** How many messages went to the real peer, and how many came back. */
  get counts(): { sent: number; answers: number } {
    return this.watch.counts
  }

  /** A target that did not answer is said in the failure of the test, should it fail. */
  private readonly endCheck: EndOfTestCheck = async () => {
    await this.watch.settled()
    const silence = this.watch.silence()
    if (silence) this.spec.scope.notice(silence)
    return undefined
  }

  /** The cassette channel it records. */
  get channel(): string {
    return this.spec.channel
  }

  /** @internal Binds the front, connects what needs no client first, and starts forwarding. */
  async start(): Promise<void> {
    const { plan, listen } = this.spec
    this.frontConnections.prepare(listen)
    try {
      await this.front.bind(listen)
    } catch (err) {
      throw translateZmqError(err, this.facts(plan.front), "bind", listen)
    }
    this.endpoint = this.front.lastEndpoint ?? listen
    void this.pump(this.front, (frames) => this.fromClient(frames))
    // Behind a ROUTER, upstreams are made per client; otherwise one, at once.
    if (plan.front !== "router") this.upstreamFor("")
  }

  /**
   * For a sub channel: resolves once a subscription from the process under
   * test covering `topic` (any, without one) went through the proxy and the
   * connection to the real publisher is up, so what it publishes next reaches
   * the process. Bounded by `timeout` (default: the proxy's).
   *
   * @example
   * ```ts
   * await feed.subscribed("weather")
   * ```
   */
  async subscribed(topic?: string | Buffer, { timeout }: { timeout?: number } = {}): Promise<void> {
    const site = new CallSite(this.subscribed)
    let ms: number
    let wanted: Buffer | undefined
    try {
      ms = optionalDuration("subscribed(topic, { timeout })", timeout, this.spec.timeout)
      wanted = topicBytes(topic, "subscribed(topic)")
    } catch (err) {
      throw site.apply(err as Error)
    }
    const start = performance.now()
    const ok =
      (await this.subscriptionSeen.waitFor(() => this.subscriptions.covers(wanted), ms)) &&
      (await this.upstreamConnected(Math.max(0, ms - (performance.now() - start))))
    if (!ok) {
      throw new TimeoutError(
        "subscribed",
        ms,
        `subscribed timed out: expected a subscription${wanted ? ` to ${JSON.stringify(wanted.toString())}` : ""} ` +
          `forwarded by ${this.describe()} to ${this.spec.target}, got ${
            this.subscriptions.describe().join(", ") || "no subscription"
          } after ${ms} ms. Check that the process under test connects to ${this.endpoint} and subscribes, and that the publisher runs.`,
      )
    }
  }

  private async upstreamConnected(ms: number): Promise<boolean> {
    const up = this.upstreams.get("")
    const connections = up && this.watched.get(up)
    if (!connections) return true
    return connections.waitFor(() => connections.isConnected(this.spec.target), ms)
  }

  private make(type: SocketType): zmq.Socket {
    const proto = socketClasses[type].prototype as object
    return new socketClasses[type]({
      linger: 0,
      ...("sendTimeout" in proto ? { sendTimeout: this.spec.timeout } : {}),
    })
  }

  private facts(type: SocketType) {
    return {
      name: `${type} socket of ${this.describe()}`,
      type,
      renderTranscript: () => "",
      connectionNotes: () => [],
    }
  }

  /** The upstream socket for client `id` (hex; "" when the front is not a ROUTER). */
  private upstreamFor(id: string): zmq.Socket {
    let up = this.upstreams.get(id)
    if (up) return up
    const { plan, target } = this.spec
    up = this.make(plan.upstream)
    this.upstreams.set(id, up)
    // Followed for subscribed() (an xsub), and to say at once when the target does not answer.
    const connections = new Connections(up)
    connections.prepare(target)
    this.watched.set(up, connections)
    this.watch.follow(connections)
    try {
      up.connect(target)
    } catch (err) {
      throw translateZmqError(err, this.facts(plan.upstream), "connect", target)
    }
    if (plan.upstream !== "push") {
      const identity = id === "" ? undefined : Buffer.from(id, "hex")
      void this.pump(up, (frames) => this.fromTarget(frames, identity))
    }
    return up
  }

  /** Reads `socket` until it closes, handing each message on in order. */
  private async pump(
    socket: zmq.Socket,
    handle: (frames: Buffer[]) => Promise<void>,
  ): Promise<void> {
    const readable = socket as zmq.Socket & zmq.Readable
    while (!this.closing && !socket.closed) {
      let frames: Buffer[]
      try {
        frames = await readable.receive()
      } catch {
        return // closed
      }
      await handle(frames)
    }
  }

  private async fromClient(frames: Buffer[]): Promise<void> {
    const { plan } = this.spec
    if (plan.front === "xpub") {
      this.subscriptions.note(frames)
      this.event("subscribe", renderFrames(frames))
      const up = this.upstreamFor("")
      this.watch.forwarded(this.watched.get(up)!)
      await this.forward(up, frames)
      this.subscriptionSeen.signal()
      return
    }
    if (plan.front === "router") {
      const [identity, ...rest] = frames
      this.note("upstream", appFrames(rest, plan))
      const up = this.upstreamFor(identity.toString("hex"))
      this.watch.forwarded(this.watched.get(up)!)
      await this.forward(up, rest)
      return
    }
    this.note("upstream", frames)
    const up = this.upstreamFor("")
    this.watch.forwarded(this.watched.get(up)!)
    await this.forward(up, frames)
  }

  private async fromTarget(frames: Buffer[], identity: Buffer | undefined): Promise<void> {
    const { plan } = this.spec
    this.watch.answered()
    if (plan.upstream === "xpub") {
      // The real subscriber's subscriptions, on their way to the process under test's publisher.
      this.event("subscribe", renderFrames(frames))
      await this.forward(this.front, frames)
      return
    }
    this.note("downstream", appFrames(frames, plan))
    await this.forward(this.front, identity ? [identity, ...frames] : frames)
  }

  private async forward(socket: zmq.Socket, frames: Buffer[]): Promise<void> {
    try {
      await (socket as zmq.Socket & zmq.Writable).send(frames)
    } catch (err) {
      if (this.closing) return
      // Not thrown: nobody awaits the pump. Marked in the lane of the proxy, said in the test's
      // failure should it fail (a notice), and in DEBUG output.
      const text = `could not forward ${renderFrames(frames)}: ${(err as Error).message}`
      this.event("dropped", text, "dropped")
      const { channel, recording, target } = this.spec
      this.spec.scope.notice(
        `record proxy "${channel}" of cassette ${recording.location.shown} (to ${target}) ${text}`,
      )
      debug("%s: could not forward %s: %O", this.describe(), renderFrames(frames), err)
    }
  }

  private note(direction: "upstream" | "downstream", frames: Buffer[]): void {
    this.spec.recording.note(this.spec.channel, direction, frames)
    this.entries.push({ time: epochOf(performance.now()), direction, frames, test: runningTest() })
  }

  private event(event: string, note: string, mark?: RecordMark): void {
    this.entries.push({
      time: epochOf(performance.now()),
      direction: "event",
      event,
      note,
      test: runningTest(),
      ...(mark ? { mark } : {}),
    })
  }

  /** Closes the front and every upstream socket; forwarding stops. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.closeNow()
    return this.closing
  }

  private async closeNow(): Promise<void> {
    this.subscriptionSeen.end()
    this.watch.close()
    this.spec.scope.endChecks.delete(this.endCheck)
    // Closed without an unbind: the pumps' receives are pending, and libzmq 4.3.5 aborts the
    // process when an unbind meets a pending receive and a disconnecting peer (pipe.cpp:355).
    // The listener closes with the socket; waiting for its event frees a fixed `listen` port
    // before the next test binds it.
    this.front.close()
    if (this.endpoint) await this.frontConnections.listenerClosed(this.endpoint, 1000)
    this.frontConnections.stop(1000)
    for (const up of this.upstreams.values()) up.close()
    for (const connections of this.watched.values()) connections.stop(1000)
    // As a test socket does: libzmq removes the file only for ipc://*.
    if (this.endpoint) removeIpcFile(this.endpoint)
  }

  describe(): string {
    const { channel, type, target, recording } = this.spec
    return (
      `record proxy "${channel}" of cassette ${recording.location.shown} (${type} → ${this.endpoint || "not bound"} → ${target})` +
      `${this.closing ? ": closed" : `: ${this.entries.filter((e) => e.direction !== "event").length} message(s) forwarded`}` +
      (this.watch.silence() && !this.closing ? `; ${this.spec.target} has not answered` : "")
    )
  }

  record(): ResourceRecord {
    const { channel, type, target } = this.spec
    return {
      kind: "proxy",
      name: `proxy ${channel} ${type} ${this.endpoint}`,
      type,
      endpoints: [`${this.endpoint} → ${target}`],
      entries: [...this.entries],
    }
  }
}
