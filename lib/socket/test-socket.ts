import type * as zmq from "zeromq"
import createDebug from "debug"
import { SocketClosedError, SocketStateError, TimeoutError, UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import type { Resource, Scope } from "../core/scope"
import { AwaitedSite, CallSite, type Site } from "../util/call-site"
import { checkDuration, optionalDuration } from "../util/duration"
import { closedError, translateZmqError, type SocketFacts } from "./errors"
import { operationFailed, waitTimedOut, type WaitName } from "./wait-errors"
import {
  decodeMessage,
  encodeBody,
  renderFrames,
  toFrames,
  toMessage,
  type FrameLike,
  type JsonFrame,
} from "../frames/frames"
import { Connections } from "./connections"
import { InFlight } from "./in-flight"
import { removeIpcFile } from "./ipc-file"
import { Receiver, runningTest, type ReceiveOutcome, type ReceiveResult } from "./receiver"
import { waitForSubscription } from "./subscription-wait"
import { SubscriptionList } from "./subscriptions"
import { watched } from "./watched"
import { TranscriptLog, type Transcript } from "./transcript"
import { MAX_UNREAD_SHOWN, unreadText } from "./unread"
import { recordOfSocket } from "./record"
import type { ResourceRecord } from "../timeline/record"
import { markFailedWait } from "../timeline/failed-wait"
import { receiveOnly, sendOnly, type SocketType } from "./types"

const wire = createDebug("zmq-harness:wire")

/** Options of one receive. */
export interface RecvOptions {
  /** Which frame to JSON-decode for this call: an index (`-1`: the last), or `false`. */
  json?: JsonFrame
  /** The bound of this call, in ms (default: the socket's `timeout`). */
  timeout?: number
}

/** Options of one wait (`connected`, `subscribed`, `send`). */
export interface WaitOptions {
  /** The bound of this call, in ms (default: the socket's `timeout`). */
  timeout?: number
}

/** How long a close waits for a bound listener to be released before giving up. */
const UNBIND_WAIT_MS = 1000
const noop = () => undefined

/**
 * The call site of `send`, `sendFrames` and `recv`: read from the error's own async stack
 * trace, which names the test's line when it awaits the call, as tests do.
 */
const AWAITED = new AwaitedSite()

/**
 * A ZeroMQ socket for tests: every send and receive is bounded, every frame
 * is kept in a transcript, and it is closed when the test that made it ends.
 * Make one with {@link socket}.
 *
 * @example
 * ```ts
 * const req = await socket("req", { connect: "tcp://127.0.0.1:5678" })
 * await req.send(["ping", 1])
 * const [reply] = await req.recv() // ["pong", 1]
 * ```
 */
export class TestSocket implements Resource, SocketFacts, AsyncDisposable {
  /** Always `"socket"`; resources of a test are grouped by kind in reports. */
  readonly kind = "socket"
  /** The endpoints bound, resolved (a `:*` port is replaced by the real one). */
  readonly bound: readonly string[] = []
  /** The endpoints connected to, as given. */
  readonly connectedTo: readonly string[] = []
  private defaultTimeout: number
  /** The default frame to JSON-decode on receive: an index, or `false`. */
  json: JsonFrame

  private readonly log: TranscriptLog
  private readonly connections: Connections
  private readonly receiver: Receiver
  private readonly inFlight = new InFlight()
  /** @internal The subscriptions an xpub has seen, for `subscribed()`. */
  readonly subscriptions = new SubscriptionList()
  private closing: Promise<void> | undefined
  /** Set by {@link handOverReceiving}: a loop of someone else's keeps a receive pending on `raw`. */
  private receivesElsewhere = false
  private owner: Scope | undefined

  /** @internal Use {@link socket} to make one. */
  constructor(
    /** The socket type. */
    readonly type: SocketType,
    /** The zeromq.js socket underneath, for what the harness does not wrap. Bypasses transcript and bounds. */
    readonly raw: zmq.Socket,
    options: { timeout: number; json: JsonFrame; transcriptLimit: number; label?: string },
  ) {
    this.defaultTimeout = options.timeout
    this.json = options.json
    this.label = options.label
    this.log = new TranscriptLog(options.transcriptLimit)
    this.connections = new Connections(raw)
    this.receiver = new Receiver(raw as zmq.Readable & zmq.Socket, (frames) =>
      this.noteReceived(frames),
    )
  }

  /** A name of the socket's own, shown in messages (the `name` option). */
  readonly label: string | undefined

  /** The default bound of every send and receive, in ms (checked: a finite duration). */
  get timeout(): number {
    return this.defaultTimeout
  }

  set timeout(ms: number) {
    this.defaultTimeout = checkDuration("sock.timeout", ms)
  }

  /**
   * @internal Settles once the socket's observer is closed, after the close (not awaited by
   * `close()`: a socket connected over inproc may end only when its peer does). Undefined for
   * a socket that had no observer (only inproc endpoints).
   */
  get monitorStopped(): Promise<void> | undefined {
    return this.connections.stopped
  }

  /** @internal Binds and records the resolved endpoint. */
  async bindTo(endpoint: string): Promise<void> {
    this.connections.prepare(endpoint)
    try {
      await this.raw.bind(endpoint)
    } catch (err) {
      throw translateZmqError(err, this, "bind", endpoint)
    }
    ;(this.bound as string[]).push(this.raw.lastEndpoint ?? endpoint)
  }

  /** @internal Connects and records the endpoint. */
  connectTo(endpoint: string): void {
    this.connections.prepare(endpoint)
    try {
      this.raw.connect(endpoint)
    } catch (err) {
      throw translateZmqError(err, this, "connect", endpoint)
    }
    ;(this.connectedTo as string[]).push(endpoint)
  }

  /**
   * @internal Ties the socket to the scope it was made in (captured when `socket()` was
   * called). A scope that is ending (its test ended while the socket was being made) closes
   * the socket at once, and the caller is told.
   */
  adopt(scope: Scope): void {
    if (scope.ending) {
      throw new SocketClosedError(
        `expected the test that called socket() to still run when the socket was made, got "${scope.title}" ended meanwhile ` +
          `(Mocha's timeout?), so ${this.name} is closed at once. Give the test more time, or make the socket earlier.`,
      )
    }
    this.owner = scope
    scope.add(this)
    // A test's socket is checked when the test ends; a suite's (a before hook's) when the suite ends.
    if (!sendOnly[this.type]) scope.endChecks.add(this.unreadCheck)
    // A suite's socket also takes in, when each test ends, what arrived during it unread.
    if (!sendOnly[this.type] && scope.kind !== "test") scope.betweenTests.add(this.collectUnread)
  }

  /**
   * @internal For a mock peer, whose own loop receives on `raw` from now on: the socket stops
   * checking for unread messages when its test ends (the check would take messages from under
   * that loop; the peer reports what it got itself), and its close does not unbind first (an
   * unbind that meets a pending receive can abort the process: see closeNow).
   *
   * @example
   * ```ts
   * sock.handOverReceiving()
   * void ownReceiveLoop(sock.raw)
   * ```
   */
  handOverReceiving(): void {
    this.receivesElsewhere = true
    this.owner?.endChecks.delete(this.unreadCheck)
    this.owner?.betweenTests.delete(this.collectUnread)
  }

  /** The first endpoint: the bound one (resolved) if any, else the first connected. */
  get endpoint(): string {
    return this.bound[0] ?? this.connectedTo[0] ?? ""
  }

  /** Every endpoint, bound ones first. */
  get endpoints(): string[] {
    return [...this.bound, ...this.connectedTo]
  }

  /** e.g. `req socket (connect tcp://127.0.0.1:5678)`, used in every message. */
  get name(): string {
    const eps = [
      this.bound.length ? `bind ${this.bound.join(", ")}` : "",
      this.connectedTo.length ? `connect ${this.connectedTo.join(", ")}` : "",
    ].filter(Boolean)
    const label = this.label ? ` "${this.label}"` : ""
    return `${this.type} socket${label}${eps.length ? ` (${eps.join("; ")})` : " (no endpoint)"}`
  }

  /** True once closed. */
  get closed(): boolean {
    return this.closing !== undefined
  }

  /**
   * Everything sent and received so far, oldest first, each entry
   * `{ direction, frames, at }` (`at`: ms since the socket was made). Capped
   * (1000 entries by default, and 64 MiB of frames): the oldest are dropped
   * first and `transcript.dropped` counts them.
   */
  get transcript(): Transcript {
    return this.log.snapshot()
  }

  /** @internal The transcript as text, for failure messages. */
  renderTranscript(): string {
    return this.log.render(
      `Transcript of ${this.name}`,
      20,
      this.owner !== undefined && this.owner.kind !== "test",
    )
  }

  /** @internal Connection state and problems, for failure messages. */
  connectionNotes(): string[] {
    const notes = this.connectedTo
      .filter((ep) => !this.connections.isConnected(ep))
      .map((ep) => `${ep}: no live connection (no peer has completed a handshake)`)
    return [...notes, ...this.connections.problems]
  }

  /** @internal One line for hang reports. */
  describe(): string {
    if (this.closed) return `${this.name}: closed`
    const ops = this.inFlight.describe()
    if (ops.length === 0) return `${this.name}: idle, ${this.log.size} message(s) in its transcript`
    return `${this.name}: waiting on ${ops.join(", and on ")}\n${this.renderTranscript()}`
  }

  /** @internal Its lane in the test's artifacts: every message of its transcript, and the waits in flight. */
  record(): ResourceRecord {
    return recordOfSocket(this, this.log, this.inFlight.pending)
  }

  /**
   * Sends one message: `send(body)`, or `send(header, body, extra?)`. `header`
   * and `extra` are frame lists (strings, Buffers, typed arrays) sent as they
   * are; `body` is sent as one JSON frame between them. Bounded by the
   * socket's `timeout`.
   *
   * @example
   * ```ts
   * await req.send(["ping", 1])                            // one JSON frame
   * await router.send([identity, ""], ["pong", 1], [blob]) // envelope, JSON body, extra frame
   * ```
   */
  send(body: unknown): Promise<void>
  send(header: readonly FrameLike[], body: unknown, extra?: readonly FrameLike[]): Promise<void>
  send(...args: unknown[]): Promise<void> {
    const site = AWAITED
    let frames: Buffer[]
    try {
      frames =
        args.length <= 1
          ? [encodeBody(args[0])]
          : [
              ...toFrames(args[0] as FrameLike[], "the header"),
              encodeBody(args[1]),
              ...toFrames(args[2] as FrameLike[], "the extra frames"),
            ]
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
    return this.sendRaw(frames, this.timeout, site)
  }

  /**
   * Sends frames as they are, with no JSON encoding.
   *
   * @example
   * ```ts
   * await dealer.sendFrames(["", Buffer.from([1, 2, 3])])
   * ```
   */
  sendFrames(frames: readonly FrameLike[], options: WaitOptions = {}): Promise<void> {
    const site = AWAITED
    try {
      const timeout = optionalDuration("sendFrames({ timeout })", options.timeout, this.timeout)
      return this.sendRaw(toMessage(frames, "the message", "sendFrames(frames)"), timeout, site)
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
  }

  /**
   * Receives one message, bounded by `timeout`. Header frames come as
   * Buffers, the JSON frame (by default the last) decoded.
   *
   * @example
   * ```ts
   * const [identity, empty, body] = await router.recv()       // body decoded from JSON
   * const frames = await sub.recv({ json: false, timeout: 200 }) // Buffers as they came
   * ```
   */
  recv(options: RecvOptions & { json: false }): Promise<Buffer[]>
  recv(options?: RecvOptions): Promise<unknown[]>
  recv(options: RecvOptions = {}): Promise<unknown[]> {
    return this.receiveAt(AWAITED, options)
  }

  /** @internal `recv` with the call site of a caller (the chai assertions), captured once. */
  async receiveAt(site: Site, options: RecvOptions = {}): Promise<unknown[]> {
    let timeout: number
    try {
      timeout = optionalDuration("recv({ timeout })", options.timeout, this.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
    // receiveOne inlined: the common case costs one await between the test and zeromq's answer.
    const op = this.inFlight.begin("receive", timeout)
    let outcome: ReceiveOutcome
    try {
      outcome = await this.startReceive(timeout, site, "receive")
    } catch (err) {
      throw site.apply(this.failure(err, "receive", timeout))
    } finally {
      this.inFlight.end(op)
    }
    const result =
      outcome.kind === "message" && outcome.arrivedIn === undefined
        ? outcome
        : await this.received(outcome)
    // Made here, where the caller's await resumes: V8's async stack trace names its line.
    if (result.kind === "timeout") throw site.apply(this.timedOut("receive", timeout, "nothing"))
    try {
      return decodeMessage(result.frames, options.json ?? this.json, this)
    } catch (err) {
      throw site.apply(err as Error)
    }
  }

  /**
   * Resolves once every endpoint of the socket has a connection whose ZeroMQ
   * handshake completed (from the socket's monitor events), so a message sent
   * now is not lost to a connection still being made. Bounded by `timeout`.
   * inproc endpoints count as connected at once (they emit no events).
   *
   * @example
   * ```ts
   * const sub = await socket("sub", { connect: pub.endpoint, subscribe: "news" })
   * await sub.connected()
   * ```
   */
  async connected(options: WaitOptions = {}): Promise<void> {
    const site = new CallSite(this.connected)
    this.assertOpen("wait for a connection", site)
    const ms = this.duration("connected({ timeout })", options.timeout, site)
    const endpoints = this.endpoints
    const all = () =>
      endpoints.length > 0 && endpoints.every((ep) => this.connections.isConnected(ep))
    const op = this.inFlight.begin("connected", ms)
    let ok: boolean
    try {
      ok = await watched(currentScope(), this.connections.waitFor(all, ms))
    } finally {
      this.inFlight.end(op)
    }
    if (!ok) {
      const missing = endpoints.filter((ep) => !this.connections.isConnected(ep))
      throw site.apply(
        this.timedOut(
          "connected",
          ms,
          endpoints.length === 0 ? "a socket with no endpoint" : `none on ${missing.join(", ")}`,
        ),
      )
    }
  }

  /**
   * On an xpub socket: resolves once a peer's subscription arrived that would
   * deliver a message published on `topic` (ZeroMQ's prefix rule); with no
   * topic, any subscription. Subscriptions seen earlier count. The deterministic
   * answer to the slow-joiner problem: publish only after this resolves.
   * Other messages read while waiting stay queued for `recv`.
   *
   * @example
   * ```ts
   * const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
   * const sub = await socket("sub", { connect: pub.endpoint, subscribe: "news" })
   * await pub.subscribed("news.sport")
   * await pub.sendFrames(["news.sport", "goal"])
   * ```
   */
  /**
   * On an xpub socket: resolves once a peer's subscription arrived that would
   * deliver a message published on `topic` (ZeroMQ's prefix rule); with no
   * topic, any subscription. Subscriptions seen earlier count. The deterministic
   * answer to the slow-joiner problem: publish only after this resolves.
   * Other messages read while waiting stay queued for `recv`.
   *
   * @example
   * ```ts
   * const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
   * const sub = await socket("sub", { connect: pub.endpoint, subscribe: "news" })
   * await pub.subscribed("news.sport")
   * await pub.sendFrames(["news.sport", "goal"])
   * ```
   */
  async subscribed(topic?: string | Buffer, options: WaitOptions = {}): Promise<void> {
    const site = new CallSite(this.subscribed)
    if (this.type !== "xpub") {
      throw site.apply(
        new UsageError(
          `expected an xpub socket for subscribed(), got ${this.name}. ` +
            `${this.type === "pub" ? "A pub socket cannot see subscriptions: make it with socket('xpub', …) instead." : "Only an xpub socket sees subscriptions."}`,
        ),
      )
    }
    const wanted = topic === undefined ? undefined : Buffer.from(topic)
    const ms = this.duration("subscribed(topic, { timeout })", options.timeout, site)
    const held: Buffer[][] = []
    let ok: boolean
    try {
      ok = await waitForSubscription(
        {
          subscriptions: this.subscriptions,
          receive: (left) => this.receiveOne(left, site, "subscribed"),
        },
        wanted,
        ms,
        held,
      )
    } finally {
      this.receiver.requeue(held)
    }
    if (!ok) {
      const seen = this.subscriptions.describe()
      throw site.apply(
        this.timedOut(
          "subscribed",
          ms,
          seen.length ? `only subscriptions to ${seen.join(", ")}` : "no subscription",
          wanted,
        ),
      )
    }
  }

  /**
   * Closes the socket: unbinds and waits until each bound listener is
   * released (so the port can be bound again at once), then closes with
   * linger 0. Idempotent; called for you when the test ends.
   *
   * @example
   * ```ts
   * await sock.close()
   * ```
   */
  close(): Promise<void> {
    this.closing ??= this.closeNow()
    return this.closing
  }

  /** `await using sock = await socket(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  private async closeNow(): Promise<void> {
    this.owner?.remove(this)
    // A socket closed early must not be kept alive (nor read) by its scope's end check.
    this.owner?.endChecks.delete(this.unreadCheck)
    // libzmq 4.3.5 aborts the whole process (pipe.cpp:355, "_state == term_ack_sent") when a
    // socket is unbound while a receive is pending on it and a peer disconnects at that moment.
    // With a receive pending (a wait that Mocha's timeout abandoned), close without unbinding:
    // the listeners close with the socket, and the monitor still reports each one closed.
    const receiving = this.receiver.receiving || this.receivesElsewhere
    if (!receiving) {
      for (const endpoint of this.bound) {
        try {
          await this.raw.unbind(endpoint)
          await this.connections.listenerClosed(endpoint, UNBIND_WAIT_MS)
        } catch {
          // Already unbound or the socket is gone: nothing holds the port.
        }
      }
    }
    // The socket first, then its observer once libzmq has stopped the monitor (see stop()).
    this.raw.close()
    if (receiving) {
      await Promise.all(
        this.bound.map((endpoint) => this.connections.listenerClosed(endpoint, UNBIND_WAIT_MS)),
      )
    }
    this.connections.stop(UNBIND_WAIT_MS)
    for (const endpoint of this.bound) removeIpcFile(endpoint)
  }

  /** A per-call bound, checked, or the socket's own; a bad one is a UsageError naming the option. */
  private duration(name: string, value: unknown, site: Site): number {
    try {
      return optionalDuration(name, value, this.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
  }

  private assertOpen(operation: string, site: Site): void {
    if (this.closing) throw site.apply(closedError(this, operation))
  }

  private async sendRaw(frames: Buffer[], timeout: number, site: Site): Promise<void> {
    this.assertOpen("send", site)
    const refusal = receiveOnly[this.type]
    if (refusal)
      throw site.apply(
        new SocketStateError(`expected a socket that can send, got ${this.name}: ${refusal}.`),
      )
    const raw = this.raw as zmq.Writable & zmq.Socket
    if (raw.sendTimeout !== timeout) raw.sendTimeout = timeout
    const sending = raw.send(frames)
    const op = this.inFlight.begin("send", timeout)
    try {
      await watched(currentScope(), sending)
    } catch (err) {
      throw site.apply(this.failure(err, "send", timeout))
    } finally {
      this.inFlight.end(op)
    }
    this.log.record("sent", frames, runningTest())
    if (wire.enabled) wire("%s sent %s", this.name, renderFrames(frames))
  }

  /**
   * Receives one message (`operation` names the caller's method in hang reports and errors),
   * guarded by the crash rule. A timeout is a result; every other failure is thrown.
   */
  private async receiveOne(
    timeout: number,
    site: Site,
    operation: "receive" | "subscribed",
  ): Promise<ReceiveResult> {
    const op = this.inFlight.begin(operation, timeout)
    let outcome: ReceiveOutcome
    try {
      outcome = await this.startReceive(timeout, site, operation)
    } catch (err) {
      throw site.apply(this.failure(err, "receive", timeout))
    } finally {
      this.inFlight.end(op)
    }
    return this.received(outcome)
  }

  /** Starts one receive, or takes a queued message: the part of a receive before its await. */
  private startReceive(
    timeout: number,
    site: Site,
    operation: "receive" | "subscribed",
  ): Promise<ReceiveOutcome> {
    this.assertOpen(operation, site)
    const refusal = sendOnly[this.type]
    if (refusal)
      throw site.apply(
        new SocketStateError(`expected a socket that can receive, got ${this.name}: ${refusal}.`),
      )
    const scope = currentScope()
    // The common case first: nothing queued, nothing pending, so one receive starts at once.
    return this.receiver.idle
      ? this.receiver.start(timeout, scope)
      : this.receiver.next(timeout, scope)
  }

  /** The part of a receive after its await. */
  private received(outcome: ReceiveOutcome): Promise<ReceiveResult> | ReceiveResult {
    // The test that waited has ended (Mocha's timeout): its wait is never resumed, and the
    // message it would have had is queued for the next receive.
    if (outcome.kind === "abandoned") return new Promise<never>(noop)
    if (outcome.kind === "message" && outcome.arrivedIn !== undefined)
      this.noteLateRead(outcome.frames, outcome.arrivedIn, runningTest() ?? "")
    return outcome
  }

  /** A message read by a later test than the one it arrived in: said, so that it is not taken for a reply to this one. */
  private noteLateRead(frames: Buffer[], arrivedIn: string, readIn: string): void {
    process.stderr.write(
      `  zmq-harness: "${readIn}" read a message that arrived during "${arrivedIn}" on ${this.name}: ${renderFrames(frames)}\n`,
    )
  }

  private noteReceived(frames: Buffer[]): void {
    this.log.record("received", frames, runningTest())
    if (wire.enabled) wire("%s received %s", this.name, renderFrames(frames))
    if (this.type === "xpub") this.subscriptions.note(frames)
  }

  /** The error of a wait on this socket that ran out of time. */
  private timedOut(operation: WaitName, ms: number, got: string, topic?: Buffer): Error {
    return markFailedWait(waitTimedOut(this, operation, ms, got, topic), this.name, operation, ms)
  }

  /** Turns a failed send or receive into the error the test sees. */
  private failure(err: unknown, operation: "send" | "receive", timeout: number): Error {
    const failed = operationFailed(this, err, operation, timeout, this.closed)
    // zeromq's EAGAIN became a timeout here: the artifacts mark it as this socket's failed wait.
    return failed !== err && failed instanceof TimeoutError
      ? markFailedWait(failed, this.name, operation, timeout)
      : failed
  }

  /** The end-of-test (or end-of-suite) check of this socket, as registered with its scope. */
  private readonly unreadCheck = () => this.unreadReport()

  /** When a test under this suite socket's suite ends: what arrived during it, queued and tagged. */
  private readonly collectUnread = async (): Promise<void> => {
    if (this.closing || this.receivesElsewhere) return
    await this.receiver.collect(MAX_UNREAD_SHOWN, this.timeout)
  }

  /**
   * Reads what is queued and unread, without waiting (end-of-test check).
   * Returns a description of it, or undefined when there is none.
   */
  private async unreadReport(): Promise<string | undefined> {
    if (this.closing) return undefined
    const unread = await this.receiver.takeAll(MAX_UNREAD_SHOWN, this.timeout)
    return unreadText(this.name, this.type, unread)
  }
}
