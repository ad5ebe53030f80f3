import type * as zmq from "zeromq"
import createDebug from "debug"
import { SocketStateError, UsageError } from "../errors"
import { currentScope } from "../mocha/current"
import type { Resource, Scope } from "../mocha/scope"
import { AwaitedSite, CallSite, type Site } from "../util/call-site"
import { closedError, socketTimeout, translateZmqError, type SocketFacts } from "./errors"
import {
  decodeMessage,
  encodeBody,
  renderFrames,
  toFrames,
  type FrameLike,
  type JsonFrame,
} from "./frames"
import { removeIpcFile } from "./ipc-file"
import { ConnectionMonitor } from "./monitor"
import { isSubscriptionMessage, SubscriptionList } from "./subscriptions"
import { TranscriptLog, type Transcript } from "./transcript"
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
/** How many queued messages an end-of-test check reads at most from one socket. */
const MAX_UNREAD_SHOWN = 20

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
  /** The default bound of every send and receive, in ms. */
  timeout: number
  /** The default frame to JSON-decode on receive: an index, or `false`. */
  json: JsonFrame

  private readonly log: TranscriptLog
  private readonly monitor: ConnectionMonitor
  private readonly inbox: Buffer[][] = []
  private readonly subscriptions = new SubscriptionList()
  private reading: Promise<unknown> | undefined
  private operation: { name: string; since: number; timeout: number } | undefined
  private closing: Promise<void> | undefined
  private owner: Scope | undefined

  /** @internal Use {@link socket} to make one. */
  constructor(
    /** The socket type. */
    readonly type: SocketType,
    /** The zeromq.js socket underneath, for what the harness does not wrap. Bypasses transcript and bounds. */
    readonly raw: zmq.Socket,
    options: { timeout: number; json: JsonFrame; transcriptLimit: number; label?: string },
  ) {
    this.timeout = options.timeout
    this.json = options.json
    this.label = options.label
    this.log = new TranscriptLog(options.transcriptLimit)
    this.monitor = new ConnectionMonitor(raw.events)
  }

  /** A name of the socket's own, shown in messages (the `name` option). */
  readonly label: string | undefined

  /** @internal Binds and records the resolved endpoint. */
  async bindTo(endpoint: string): Promise<void> {
    try {
      await this.raw.bind(endpoint)
    } catch (err) {
      throw translateZmqError(err, this, "bind", endpoint)
    }
    ;(this.bound as string[]).push(this.raw.lastEndpoint ?? endpoint)
  }

  /** @internal Connects and records the endpoint. */
  connectTo(endpoint: string): void {
    try {
      this.raw.connect(endpoint)
    } catch (err) {
      throw translateZmqError(err, this, "connect", endpoint)
    }
    ;(this.connectedTo as string[]).push(endpoint)
  }

  /** @internal Ties the socket to the scope it was made in. */
  adopt(scope: Scope): void {
    this.owner = scope
    scope.add(this)
    if (scope.kind === "test" && !sendOnly[this.type])
      scope.endChecks.add(() => this.unreadReport())
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
    return this.log.render(`Transcript of ${this.name}`)
  }

  /** @internal Connection state and problems, for failure messages. */
  connectionNotes(): string[] {
    const notes = this.connectedTo
      .filter((ep) => !this.monitor.isConnected(ep))
      .map((ep) => `${ep}: no live connection (no peer has completed a handshake)`)
    return [...notes, ...this.monitor.problems]
  }

  /** @internal One line for hang reports. */
  describe(): string {
    if (this.closed) return `${this.name}: closed`
    const op = this.operation
    if (!op) return `${this.name}: idle, ${this.log.size} message(s) in its transcript`
    const waited = Math.round(performance.now() - op.since)
    return `${this.name}: waiting on ${op.name} for ${waited} ms (its own bound: ${op.timeout} ms)\n${this.renderTranscript()}`
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
      return this.sendRaw(toFrames(frames, "the message"), options.timeout ?? this.timeout, site)
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
  recv(options: RecvOptions = {}): Promise<unknown[]> {
    return this.receiveAt(AWAITED, options)
  }

  /** @internal `recv` with the call site of a caller (the chai assertions), captured once. */
  async receiveAt(site: Site, options: RecvOptions = {}): Promise<unknown[]> {
    const timeout = options.timeout ?? this.timeout
    let frames: Buffer[]
    if (this.inbox.length === 0 && !this.reading && !this.closing && !sendOnly[this.type]) {
      // The common case inlined: one await between the test and zeromq, not three.
      const receiving = this.startReceive(timeout)
      const guarded = this.tracked("receive", timeout, receiving)
      try {
        frames = await guarded
      } catch (err) {
        throw this.receiveFailed(err, receiving, guarded, timeout, site, "receive", false)
      } finally {
        this.settled()
      }
      this.received(frames)
    } else {
      frames = await this.receiveFrames(timeout, site)
    }
    try {
      return decodeMessage(frames, options.json ?? this.json, this)
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
    const ms = options.timeout ?? this.timeout
    const endpoints = this.endpoints
    const all = () => endpoints.length > 0 && endpoints.every((ep) => this.monitor.isConnected(ep))
    let ok: boolean
    try {
      ok = await this.tracked("connected", ms, this.monitor.waitFor(all, ms))
    } finally {
      this.settled()
    }
    if (!ok) {
      const missing = endpoints.filter((ep) => !this.monitor.isConnected(ep))
      throw site.apply(
        socketTimeout(
          this,
          "connected",
          ms,
          "a completed handshake on every endpoint",
          endpoints.length === 0 ? "a socket with no endpoint" : `none on ${missing.join(", ")}`,
          currentScope(),
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
    const ms = options.timeout ?? this.timeout
    const deadline = performance.now() + ms
    // Other messages read while waiting are held here and queued for `recv` at the end: pushed
    // back one by one, a queued message would be read again at once, forever.
    const held: Buffer[][] = []
    try {
      await this.awaitSubscription(wanted, deadline, held, site, ms)
    } finally {
      this.inbox.unshift(...held)
    }
  }

  private async awaitSubscription(
    wanted: Buffer | undefined,
    deadline: number,
    held: Buffer[][],
    site: CallSite,
    ms: number,
  ): Promise<void> {
    while (!this.subscriptions.covers(wanted)) {
      const left = Math.ceil(deadline - performance.now())
      let frames: Buffer[]
      try {
        if (left <= 0) throw new Error("timeout")
        frames = await this.receiveFrames(left, site, "subscribed", true)
      } catch (err) {
        if (
          (err as { operation?: string }).operation !== "subscribed" &&
          (err as Error).message !== "timeout"
        )
          throw err
        const seen = this.subscriptions.describe()
        throw site.apply(
          socketTimeout(
            this,
            "subscribed",
            ms,
            wanted === undefined
              ? "a subscription"
              : `a subscription matching topic ${JSON.stringify(wanted.toString())}`,
            seen.length ? `only subscriptions to ${seen.join(", ")}` : "no subscription",
            currentScope(),
          ),
        )
      }
      if (!isSubscriptionMessage(frames)) held.push(frames)
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
    for (const endpoint of this.bound) {
      try {
        await this.raw.unbind(endpoint)
        // inproc emits no monitor events, and its unbind is complete when it returns.
        if (!endpoint.startsWith("inproc://"))
          await this.monitor.listenerClosed(endpoint, UNBIND_WAIT_MS)
      } catch {
        // Already unbound or the socket is gone: nothing holds the port.
      }
    }
    // The socket first, then its observer once libzmq has stopped the monitor (see stop()).
    this.raw.close()
    void this.monitor.stop(UNBIND_WAIT_MS)
    for (const endpoint of this.bound) removeIpcFile(endpoint)
  }

  private assertOpen(operation: string, site: Site): void {
    if (this.closing) throw site.apply(closedError(this, operation))
  }

  /**
   * Marks an operation in flight (for hang reports) and guards it with the crash rule. The mark
   * is cleared by the caller when the operation settles (see `settled`), which costs no promise.
   */
  private tracked<T>(name: string, timeout: number, promise: Promise<T>): Promise<T> {
    this.operation = { name, since: performance.now(), timeout }
    return currentScope().guard(promise)
  }

  /** Clears the in-flight mark of `tracked`. */
  private settled(): void {
    this.operation = undefined
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
    try {
      await this.tracked("send", timeout, sending)
    } catch (err) {
      sending.catch(noop) // abandoned by the crash rule: its own bound ends it
      throw site.apply(this.failure(err, "send", timeout))
    } finally {
      this.settled()
    }
    this.log.record("sent", frames)
    if (wire.enabled) wire("%s sent %s", this.name, renderFrames(frames))
  }

  /**
   * Receives one message. A receive abandoned by the crash rule goes on until
   * its own bound (zeromq.js allows one receive at a time and none can be
   * cancelled); what it brings is queued in the inbox for the next call.
   */
  private async receiveFrames(
    timeout: number,
    site: Site,
    operation = "receive",
    quiet = false,
  ): Promise<Buffer[]> {
    this.assertOpen(operation, site)
    const refusal = sendOnly[this.type]
    if (refusal)
      throw site.apply(
        new SocketStateError(`expected a socket that can receive, got ${this.name}: ${refusal}.`),
      )
    while (this.reading && this.inbox.length === 0) await this.reading.then(noop, noop)
    const queued = this.inbox.shift()
    if (queued) return queued

    const receiving = this.startReceive(timeout)
    const guarded = this.tracked(operation, timeout, receiving)
    let frames: Buffer[]
    try {
      frames = await guarded
    } catch (err) {
      throw this.receiveFailed(err, receiving, guarded, timeout, site, operation, quiet)
    } finally {
      this.settled()
    }
    this.received(frames)
    return frames
  }

  /** Starts one receive on the zeromq socket, bounded by `timeout`. */
  private startReceive(timeout: number): Promise<Buffer[]> {
    const raw = this.raw as zmq.Readable & zmq.Socket
    if (raw.receiveTimeout !== timeout) raw.receiveTimeout = timeout
    const receiving = raw.receive()
    this.reading = receiving
    return receiving
  }

  /** A receive that `startReceive` started has brought `frames`. */
  private received(frames: Buffer[]): void {
    this.reading = undefined
    this.noteReceived(frames)
  }

  /** A receive failed, or was abandoned by the crash rule: the error to throw. */
  private receiveFailed(
    err: unknown,
    receiving: Promise<Buffer[]>,
    guarded: Promise<Buffer[]>,
    timeout: number,
    site: Site,
    operation: string,
    quiet: boolean,
  ): Error {
    if (guarded === receiving) this.reading = undefined
    else {
      // Abandoned by the crash rule: the receive goes on until its own bound, and what it
      // brings is queued for the next call.
      receiving.then(
        (late) => {
          this.received(late)
          this.inbox.push(late)
        },
        () => {
          this.reading = undefined
        },
      )
    }
    if (quiet && (err as { code?: string }).code === "EAGAIN") {
      return Object.assign(new Error("timeout"), { operation })
    }
    return site.apply(this.failure(err, "receive", timeout))
  }

  private noteReceived(frames: Buffer[]): void {
    this.log.record("received", frames)
    if (wire.enabled) wire("%s received %s", this.name, renderFrames(frames))
    if (this.type === "xpub") this.subscriptions.note(frames)
  }

  /** Turns a failed send or receive into the error the test sees. */
  private failure(err: unknown, operation: "send" | "receive", timeout: number): Error {
    if (
      err instanceof Error &&
      "code" in err &&
      typeof err.code === "string" &&
      err.code.startsWith("ERR_ZMQH_")
    )
      return err
    if ((err as { code?: string })?.code === "EAGAIN") {
      return operation === "receive"
        ? socketTimeout(this, "receive", timeout, "a message", "nothing", currentScope())
        : socketTimeout(
            this,
            "send",
            timeout,
            "a peer ready to take the message",
            "none ready",
            currentScope(),
          )
    }
    if (this.closing) return closedError(this, operation, err)
    return translateZmqError(err, this, operation)
  }

  /**
   * Reads what is queued and unread, without waiting (end-of-test check).
   * Returns a description of it, or undefined when there is none.
   */
  private async unreadReport(): Promise<string | undefined> {
    if (this.closing) return undefined
    const unread = this.inbox.splice(0)
    const raw = this.raw as zmq.Readable & zmq.Socket
    if (!this.reading && !this.closing) {
      raw.receiveTimeout = 0
      try {
        while (unread.length < MAX_UNREAD_SHOWN) {
          const frames = await raw.receive()
          this.noteReceived(frames)
          unread.push(frames)
        }
      } catch {
        // EAGAIN: nothing more queued (or the socket's state forbids a receive: nothing to read)
      }
      raw.receiveTimeout = this.timeout
    }
    if (this.type === "xpub") {
      const rest = unread.filter((m) => !isSubscriptionMessage(m))
      unread.length = 0
      unread.push(...rest)
    }
    if (unread.length === 0) return undefined
    return `${this.name}: ${unread.length}${unread.length === MAX_UNREAD_SHOWN ? "+" : ""} unread message(s):\n${unread
      .map((m) => "  " + renderFrames(m))
      .join("\n")}`
  }
}
