import type * as zmq from "zeromq"
import {
  PeerReplyError,
  SocketClosedError,
  SocketStateError,
  TimeoutError,
  UsageError,
} from "../errors"
import { Scope, type EndOfTestCheck, type Resource } from "../core/scope"
import { decodeMessage, describeValue, type JsonFrame } from "../frames/frames"
import { runningTest } from "../socket/receiver"
import { isSubscriptionMessage } from "../socket/subscriptions"
import type { TestSocket, WaitOptions } from "../socket/test-socket"
import { TranscriptLog } from "../socket/transcript"
import type { SocketType } from "../socket/types"
import { epochOf, type RecordEntry, type RecordMark, type ResourceRecord } from "../timeline/record"
import { CallSite } from "../util/call-site"
import { optionalDuration } from "../util/duration"
import { delay as pause, within } from "../util/timers"
import { closestText } from "./closest"
import { splitEnvelope } from "./envelope"
import { Expectation, type Expected } from "./expectation"
import { ALTERNATING, oneWayRefusal, receiveRefusal, replyRefusal } from "./kinds"
import { encodeReply, type ReplyFrame } from "./reply-frames"
import { ReceivedLog } from "./received-log"
import { ReceivedMessage, type PeerRequest } from "./request"
import { closedError, sendError, unmatchedError, unmetError } from "./failures"
import {
  checkPublishOptions,
  onSchedule,
  type PeerSendOptions,
  type PublishFrames,
  type PublishOptions,
} from "./sending"
import { StateWaits } from "./wait-for"

/** How long a close waits for the loop, and for a send in flight, before closing all the same. */
const LOOP_END_MS = 1000
const noop = () => undefined

/**
 * Writes the unmatched-message part of the failure: the text after "got <message>." in the
 * error (by default the closest expectation and its first difference, and the advice to add
 * an expectation). The text replaces both, so it should say what to do. Return undefined to
 * keep the default.
 *
 * @example
 * ```ts
 * backend.explainUnmatched((request) => `Nearest recorded request: ${nearest(request)}.`)
 * ```
 */
export type UnmatchedExplainer = (
  request: PeerRequest,
  expectations: readonly Expectation[],
) => string | undefined

/**
 * A socket that answers by itself: a mock of a process's backend (a broker, a server, a
 * publisher). Its expectations (`on(expected)`) say what it must receive and how to answer;
 * a message none matches, or an expectation unmet when the test ends, fails the test that
 * owns it. Make one with {@link peer}; it is closed when its test ends.
 *
 * @example
 * ```ts
 * const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
 * backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
 * const proc = await startModule("src/client.ts", ["--backend", backend.endpoint])
 * await backend.done()
 * ```
 */
export class MockPeer implements Resource, AsyncDisposable {
  /** Always `"peer"`: resources of a test are grouped by kind in reports. */
  readonly kind = "peer"
  private readonly expectationList: Expectation[] = []
  private readonly requests: ReceivedLog
  private readonly log: TranscriptLog
  private readonly born = performance.now()
  private readonly notes = new WeakMap<readonly Buffer[], string>()
  /** What went wrong with a message, for the report's marks (a request no expectation took). */
  private readonly marks = new WeakMap<readonly Buffer[], RecordMark>()
  private readonly waits = new StateWaits()
  private readonly abort = new AbortController()
  private readonly raw: zmq.Socket & zmq.Readable & zmq.Writable
  private allowed = false
  private explainer: UnmatchedExplainer | undefined
  private failure: Error | undefined
  /** How many expectations there were when done() last reported them unmet. */
  private toldUnmet = -1
  private pendingReplies = 0
  private pendingSends = 0
  private sendQueue: Promise<unknown> = Promise.resolve()
  /** Why the receive loop stopped before the peer closed (a rep that did not answer). */
  private halted: string | undefined
  private loop: Promise<void> = Promise.resolve()
  private closing: Promise<void> | undefined
  private readonly json: JsonFrame

  /** @internal Use {@link peer} to make one. */
  constructor(
    /** The socket type asked for (a `pub` peer runs on an xpub socket, to see subscriptions). */
    readonly type: SocketType,
    /** @internal The test socket underneath (bound, connected, monitored). */
    readonly socket: TestSocket,
    private readonly owner: Scope,
    /** Where the peer was made: its failures point there. */
    private readonly site: CallSite,
    transcriptLimit: number,
  ) {
    this.raw = socket.raw as zmq.Socket & zmq.Readable & zmq.Writable
    this.log = new TranscriptLog(transcriptLimit)
    this.requests = new ReceivedLog(transcriptLimit)
    this.json = socket.json
  }

  /** @internal Starts answering: called once by {@link peer}. */
  start(): void {
    // The loop's receive waits until a message comes or the peer closes its socket: the close,
    // made at the latest when the test ends, is its bound. The socket is then closed without an
    // unbind first (libzmq 4.3.5 aborts the process when an unbind meets a pending receive and
    // a disconnecting peer: pipe.cpp:355), which TestSocket does when told of the receive.
    if ("receiveTimeout" in this.raw) this.raw.receiveTimeout = -1
    this.socket.receivesElsewhere = true
    // A req socket receives only after it sent: its loop runs for one reply after each send.
    if (this.type !== "req" && (!receiveRefusal(this.type) || this.socket.type === "xpub"))
      this.loop = this.receiveLoop(false)
    this.owner.add(this)
    this.owner.endChecks.add(this.endCheck)
  }

  /** e.g. `rep peer (bind tcp://127.0.0.1:41234)`, used in every message. */
  get name(): string {
    const sock = this.socket
    const eps = [
      sock.bound.length ? `bind ${sock.bound.join(", ")}` : "",
      sock.connectedTo.length ? `connect ${sock.connectedTo.join(", ")}` : "",
    ].filter(Boolean)
    const label = sock.label ? ` "${sock.label}"` : ""
    return `${this.type} peer${label}${eps.length ? ` (${eps.join("; ")})` : " (no endpoint)"}`
  }

  /** The first endpoint: the bound one (a `:*` port resolved) if any, else the first connected. */
  get endpoint(): string {
    return this.socket.endpoint
  }

  /** Every endpoint, bound ones first. */
  get endpoints(): string[] {
    return this.socket.endpoints
  }

  /** The bound of every send and wait of the peer, in ms (the `timeout` option). */
  get timeout(): number {
    return this.socket.timeout
  }

  /**
   * Adds an expectation: messages that match `expected` (a list of frames, matched as
   * `receive` matches, or a predicate) are counted and answered as it says. The first open
   * expectation that matches, in the order they were added, takes a message.
   *
   * @example
   * ```ts
   * backend.on(["get", sinon.match.string]).reply((frames) => ["value", 42])
   * backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
   * backend.on((frames) => frames.length > 3).noReply()
   * ```
   */
  on(expected: Expected): Expectation {
    const refusal = receiveRefusal(this.type)
    const problem = refusal
      ? new SocketStateError(
          `expected a peer that receives for .on(), got ${this.name}: ${refusal}.`,
        )
      : typeof expected !== "function" && !Array.isArray(expected)
        ? new UsageError(
            `expected .on() to get a list of frames, e.g. ["ping", sinon.match.number], or a predicate (frames, request) => boolean, got ${describeValue(expected)}.`,
          )
        : undefined
    if (problem) throw new CallSite(this.on).apply(problem)
    const expectation = new Expectation(expected, {
      cannotReply: replyRefusal(this.type),
      name: this.name,
      changed: () => this.waits.changed(),
      discard: (e) => {
        const i = this.expectationList.indexOf(e)
        if (i >= 0) this.expectationList.splice(i, 1)
        this.waits.changed()
      },
    })
    this.expectationList.push(expectation)
    this.waits.changed()
    return expectation
  }

  /**
   * Lets messages that no expectation matches come without failing the test; they are still
   * kept in `received` (with `matched: false`) and the transcript.
   *
   * @example
   * ```ts
   * backend.allowUnmatched()
   * ```
   */
  allowUnmatched(): this {
    this.allowed = true
    return this
  }

  /**
   * Replaces the explanation of an unmatched-message failure (the closest expectation by
   * default): for a peer whose expectations come from elsewhere (a cassette's nearest
   * recorded request).
   *
   * @example
   * ```ts
   * backend.explainUnmatched((request) => `No recorded request is like ${JSON.stringify(request.frames)}.`)
   * ```
   */
  explainUnmatched(explainer: UnmatchedExplainer): this {
    if (typeof explainer !== "function") {
      throw new CallSite(this.explainUnmatched).apply(
        new UsageError(
          `expected explainUnmatched() to get a function (request, expectations) => string, got ${describeValue(explainer)}.`,
        ),
      )
    }
    this.explainer = explainer
    return this
  }

  /** The expectations, in the order they were added. */
  get expectations(): readonly Expectation[] {
    return this.expectationList.slice()
  }

  /**
   * What came in, oldest first: each message's decoded frames (after the envelope), raw
   * frames, envelope, time, and whether an expectation matched it.
   *
   * @example
   * ```ts
   * expect(backend.received.map((r) => r.frames)).to.deep.equal([["ping", 1], ["ping", 2]])
   * ```
   */
  get received(): readonly PeerRequest[] {
    return this.requests.list()
  }

  /**
   * How many of the oldest received messages `received` no longer lists, to bound its memory
   * (it keeps the last 10,000, or as many as the `transcript` option when more).
   */
  get droppedReceived(): number {
    return this.requests.dropped
  }

  /** Everything the peer sent and received, as a test socket's transcript. */
  get transcript() {
    return this.log.snapshot()
  }

  /**
   * Resolves once every expectation is met (a `persist()` one: matched once) and every reply
   * it owes is sent; rejects after `timeout` ms (default: the peer's) with an
   * `UnmetExpectationsError` listing the unmet ones, and at once when the test fails
   * meanwhile (an unmatched message, a crash of a process under test).
   *
   * @example
   * ```ts
   * await backend.done({ timeout: 2000 })
   * ```
   */
  async done(options: WaitOptions = {}): Promise<void> {
    const site = new CallSite(this.done)
    let ms: number
    try {
      ms = optionalDuration("done({ timeout })", options?.timeout, this.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
    if (this.failure) throw this.told(this.failure)
    const met = await this.waits.until(() => this.isDone(), ms, `${this.name}.done()`)
    if (this.failure) throw this.told(this.failure)
    if (met) return
    const unmet = this.unmetError(`within ${ms} ms`, true)!
    // The test was told: the end of the test does not report the same expectations again.
    this.toldUnmet = this.expectationList.length
    throw site.apply(unmet)
  }

  /**
   * On a pub or xpub peer: resolves once a subscriber's subscription arrived that would
   * deliver a message published on `topic` (ZeroMQ's prefix rule; no topic: any). The
   * deterministic start for `publish()`: a pub socket drops what it sends before.
   *
   * @example
   * ```ts
   * await pub.subscribed("weather")
   * await pub.publish(["weather", { temp: 21 }])
   * ```
   */
  async subscribed(topic?: string | Buffer, options: WaitOptions = {}): Promise<void> {
    const site = new CallSite(this.subscribed)
    if (this.socket.type !== "xpub") {
      throw site.apply(
        new SocketStateError(
          `expected a pub or xpub peer for subscribed(), got ${this.name}: only a publisher sees subscriptions.`,
        ),
      )
    }
    let ms: number
    try {
      ms = optionalDuration("subscribed(topic, { timeout })", options?.timeout, this.timeout)
    } catch (err) {
      throw site.apply(err as Error)
    }
    const wanted = topic === undefined ? undefined : Buffer.from(topic)
    const subs = this.socket.subscriptions
    if (await this.waits.until(() => subs.covers(wanted), ms, `${this.name}.subscribed()`)) return
    const seen = subs.describe()
    throw site.apply(
      new TimeoutError(
        "subscribed",
        ms,
        `subscribed timed out: expected a subscription${wanted === undefined ? "" : ` matching topic ${JSON.stringify(wanted.toString())}`} on ${this.name}, ` +
          `got ${seen.length ? `only subscriptions to ${seen.join(", ")}` : "no subscription"} after ${ms} ms. ` +
          "Check that the subscriber connects to this endpoint and subscribes to the topic, or give it more time with `{ timeout }`.\n\n" +
          this.renderTranscript(),
      ),
    )
  }

  /**
   * Resolves once every endpoint has a completed connection (see the test socket's
   * `connected()`): before a push or dealer peer sends to a process that connects to it.
   *
   * @example
   * ```ts
   * await push.connected()
   * ```
   */
  connected(options: WaitOptions = {}): Promise<void> {
    return this.socket.connected(options)
  }

  /**
   * Sends one message on the peer's own initiative (pub, xpub, push, pair, dealer peers),
   * after `delay` ms when given: frames as in `reply()` (strings as text, Buffers as bytes,
   * other values as JSON). Resolves when sent; bounded by `timeout`.
   *
   * @example
   * ```ts
   * await push.send(["job", { id: 1 }])
   * await dealer.send(["", "hello"], { delay: 100 })
   * ```
   */
  send(frames: readonly ReplyFrame[], options: PeerSendOptions = {}): Promise<void> {
    const site = new CallSite(this.send)
    let out: Buffer[]
    let wait: number
    let bound: number
    try {
      // cassette: a router may send on its own to a peer whose envelope it is given.
      if (!(this.type === "router" && options?.envelope?.length)) this.checkOneWay("send")
      wait = optionalDuration("send(frames, { delay })", options?.delay, 0)
      bound = optionalDuration("send(frames, { timeout })", options?.timeout, this.timeout)
      out = encodeReply(frames, "the frames of send()")
      if (options?.envelope) out = [...options.envelope, ...out]
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
    return this.later(
      (async () => {
        if (wait > 0 && !(await pause(wait, { signal: this.abort.signal })))
          throw site.apply(closedError(this.name, "send()", 0, 1))
        await this.transmit(out, site, bound)
      })(),
    )
  }

  /**
   * Publishes `count` messages, one every `every` ms from now (pub, xpub, push, pair, dealer
   * peers): fixed frames, or a function of the index that makes each. Resolves when all
   * are sent; rejects when the peer closes first. On a pub peer, wait for
   * `subscribed(topic)` first, or the first messages are lost.
   *
   * @example
   * ```ts
   * await pub.subscribed("weather")
   * await pub.publish((i) => ["weather", { temp: i }], { every: 1, count: 1000 })
   * ```
   */
  publish(frames: PublishFrames, options: PublishOptions = {}): Promise<void> {
    const site = new CallSite(this.publish)
    let schedule: { every: number; count: number }
    let fixed: Buffer[] | undefined
    try {
      this.checkOneWay("publish")
      schedule = checkPublishOptions(options)
      if (typeof frames !== "function") fixed = encodeReply(frames, "the frames of publish()")
    } catch (err) {
      return Promise.reject(site.apply(err as Error))
    }
    const make = frames as (index: number) => readonly ReplyFrame[] | Promise<readonly ReplyFrame[]>
    const { every, count } = schedule
    return this.later(
      (async () => {
        const { completed, sent } = await onSchedule(count, every, this.abort.signal, async (i) => {
          let out = fixed
          if (!out) {
            try {
              out = encodeReply(await make(i), `the frames publish() made for message ${i}`)
            } catch (err) {
              throw site.apply(err as Error)
            }
          }
          await this.transmit(out, site, this.timeout)
        })
        if (!completed) throw site.apply(closedError(this.name, "publish()", sent, count))
      })(),
    )
  }

  /**
   * Closes the peer: stops answering, cancels pending delays and publications, and closes
   * its socket. Idempotent; called for you when the test ends.
   *
   * @example
   * ```ts
   * await backend.close()
   * ```
   */
  close(): Promise<void> {
    this.closing ??= this.closeNow()
    return this.closing
  }

  /** `await using backend = await peer(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  /** @internal One line (and the transcript) for hang reports. */
  describe(): string {
    if (this.closing) return `${this.name}: closed`
    const unmatched = this.requests.unmatchedCount()
    const unmet = this.expectationList.filter((e) => !e.met)
    const parts = [
      `got ${this.requests.total} message(s)${unmatched ? ` (${unmatched} unmatched)` : ""}`,
      this.pendingReplies ? `${this.pendingReplies} reply(ies) pending` : "",
      this.halted ? `receives no more: ${this.halted}` : "",
      unmet.length
        ? `still expects: ${unmet.map((e) => e.unmetText()).join("; ")}`
        : "every expectation met",
    ].filter(Boolean)
    return `${this.name}: ${parts.join(", ")}\n${this.renderTranscript()}`
  }

  /** @internal Its lane in the test's artifacts. */
  record(): ResourceRecord {
    const snapshot = this.log.snapshot()
    const entries: RecordEntry[] = snapshot.map((e) => {
      const note = this.notes.get(e.frames)
      const mark = this.marks.get(e.frames)
      return {
        time: epochOf(this.born + e.at),
        direction: e.direction,
        frames: e.frames,
        ...(note ? { note } : {}),
        ...(mark ? { mark } : {}),
        ...(e.test === undefined ? {} : { test: e.test }),
      }
    })
    return {
      kind: "peer",
      name: this.name,
      type: this.type,
      endpoints: this.endpoints,
      entries,
      dropped: snapshot.dropped,
    }
  }

  /** @internal The transcript as text, for failure messages. */
  renderTranscript(): string {
    return this.log.render(`Transcript of ${this.name}`, 20)
  }

  /** The peer's failure, noted as told to the test (it does not fail the test a second time). */
  private told(err: Error): Error {
    Scope.noteSeen(err)
    return err
  }

  /** True when every expectation is met and nothing is owed. */
  private isDone(): boolean {
    if (this.pendingReplies > 0 || this.pendingSends > 0) return false
    for (const e of this.expectationList) if (!e.met) return false
    return true
  }

  private checkOneWay(method: string): void {
    if (this.closing)
      throw new SocketClosedError(`expected an open peer for ${method}, got ${this.name} closed.`)
    const refusal = oneWayRefusal(this.type)
    if (refusal)
      throw new SocketStateError(
        `expected a peer that can send on its own for ${method} (pub, xpub, push, pair, dealer), got ${this.name}: ${refusal}.`,
      )
  }

  /**
   * A promise of the user's (`send`, `publish`) that the peer's close may end: marked handled,
   * so that one the test did not await cannot become an unhandled rejection.
   */
  private later(work: Promise<void>): Promise<void> {
    this.pendingSends++
    const tracked = work.finally(() => {
      this.pendingSends--
      this.waits.changed()
    })
    tracked.catch(noop)
    return tracked
  }

  /** Sends frames as they are, one send at a time on the socket (zeromq.js allows no more). */
  private transmit(frames: Buffer[], site: CallSite | undefined, bound: number): Promise<void> {
    const go = async () => {
      if (this.raw.sendTimeout !== bound) this.raw.sendTimeout = bound
      try {
        await this.raw.send(frames)
      } catch (err) {
        const error = sendError(this, frames, err, bound, this.closing !== undefined)
        throw site ? site.apply(error) : error
      }
      this.log.record("sent", frames, runningTest())
      if (this.type === "req") this.loop = this.receiveLoop(true)
    }
    // At once when no send is in flight (the common case: one hop less per reply), else after it.
    const sending = this.sendsInFlight === 0 ? go() : this.sendQueue.then(go)
    this.sendsInFlight++
    const settled = sending.then(this.sendSettled, this.sendSettled)
    this.sendQueue = settled
    return sending
  }

  private sendsInFlight = 0
  private readonly sendSettled = () => {
    this.sendsInFlight--
  }

  /**
   * Receives until the peer closes (or, with `once`, one message: a req peer's reply): one
   * receive at a time, ended by a message or by the close of the socket (see start()).
   */
  private async receiveLoop(once: boolean): Promise<void> {
    const raw = this.raw
    const alternating = ALTERNATING.has(this.type)
    for (;;) {
      let frames: Buffer[]
      if (this.closing) return
      try {
        frames = await raw.receive()
      } catch (err) {
        if (this.closing || raw.closed) return
        this.fail(
          this.site.apply(
            new SocketStateError(
              `expected ${this.name} to receive, got ${(err as Error).message}. It answers no more.`,
              { cause: err },
            ),
          ),
        )
        return
      }
      if (this.closing) return
      const handled = this.handle(frames)
      if (once) return
      if (alternating) {
        const answered = handled ? await handled : false
        // A rep that did not answer cannot receive again (zeromq's state machine).
        if (!answered && this.type === "rep") {
          this.halted =
            "a request got no reply, and a rep socket must answer before it receives again"
          return
        }
      }
    }
  }

  /**
   * One message: matched, counted, answered. Returns, while an answer is pending, a promise of
   * whether one was sent.
   */
  private handle(frames: Buffer[]): Promise<boolean> | undefined {
    this.log.record("received", frames, runningTest())
    if (this.socket.type === "xpub" && isSubscriptionMessage(frames)) {
      this.socket.subscriptions.note(frames)
      this.notes.set(frames, frames[0][0] === 1 ? "subscription" : "unsubscription")
      this.waits.changed()
      return undefined
    }
    const { envelope, body } = splitEnvelope(this.type, frames)
    const request = new ReceivedMessage(
      this.decode(body),
      body,
      envelope,
      this.type === "router" ? envelope[0] : undefined,
      Math.round((performance.now() - this.born) * 10) / 10,
    )
    this.requests.add(request)
    let chosen: Expectation | undefined
    try {
      for (const e of this.expectationList) {
        if (e.open && e.matches(request)) {
          chosen = e
          break
        }
      }
    } catch (err) {
      this.fail(
        this.site.apply(
          new UsageError(
            `expected the predicate of .on() to return true or false, got an error: ${(err as Error).message}.`,
            { cause: err },
          ),
        ),
      )
      return undefined
    }
    if (!chosen) {
      this.notes.set(frames, "unmatched")
      this.marks.set(frames, "unmatched")
      this.unmatched(request)
      return undefined
    }
    request.matched = true
    chosen.take()
    const answer = chosen.reaction
    if (answer.kind === "none" && chosen.delayMs === 0) {
      this.waits.changed()
      return undefined
    }
    const answering = this.answer(chosen, request)
    if (ALTERNATING.has(this.type)) return answering
    void answering
    return undefined
  }

  private decode(body: Buffer[]): unknown[] {
    if (this.json === false) return body
    try {
      return decodeMessage(body, this.json, this)
    } catch {
      // Not JSON where JSON was expected: matched as raw frames (strings match their text).
      return body
    }
  }

  /** Sends the answer of `expectation` to `request`, after its delay; true once sent. Never rejects. */
  private async answer(expectation: Expectation, request: ReceivedMessage): Promise<boolean> {
    this.pendingReplies++
    try {
      if (
        expectation.delayMs > 0 &&
        !(await pause(expectation.delayMs, { signal: this.abort.signal }))
      )
        return false
      const answer = expectation.reaction
      let frames: Buffer[]
      if (answer.kind === "none") return false
      if (answer.kind === "frames") frames = answer.frames
      else {
        let made: readonly ReplyFrame[] | undefined
        try {
          made = await answer.fn(request.frames, request)
        } catch (err) {
          throw new PeerReplyError(
            `expected the reply function of .on(${expectation.describe()}) to return frames, got an error: ${(err as Error).message}. ` +
              "Fix the function, or return undefined to send nothing.",
            { cause: err },
          )
        }
        if (made === undefined) return false
        frames = encodeReply(
          made,
          `the frames the reply function of .on(${expectation.describe()}) returned`,
        )
      }
      if (this.closing) return false
      const out = request.envelope.length === 0 ? frames : [...request.envelope, ...frames]
      await this.transmit(out, undefined, this.timeout)
      return true
    } catch (err) {
      if (!this.closing) this.fail(this.site.apply(err as Error))
      return false
    } finally {
      this.pendingReplies--
      this.waits.changed()
    }
  }

  private unmatched(request: ReceivedMessage): void {
    this.waits.changed()
    if (this.allowed) return
    let explained: string | undefined
    try {
      explained = this.explainer?.(request, this.expectationList)
    } catch (err) {
      explained = `(explainUnmatched() threw: ${(err as Error).message})`
    }
    const text = explained ?? closestText(this.expectationList, request)
    this.fail(this.site.apply(unmatchedError(this, request, text, explained === undefined)))
  }

  /**
   * Fails the test that owns the peer, as a crash of a process does: every wait of the test
   * pending on the harness rejects with `err` at once, and the test fails with it when it ends
   * if none was pending.
   */
  private fail(err: Error): void {
    if (this.closing) return
    this.failure ??= err
    this.owner.fail(err)
    this.waits.changed()
  }

  /** The end-of-test check: expectations left unmet fail the test. */
  private readonly endCheck: EndOfTestCheck = () =>
    this.failure || this.toldUnmet === this.expectationList.length
      ? undefined
      : this.unmetError("by the end of the test", false)

  private unmetError(when: string, waited: boolean): Error | undefined {
    const unmet = this.expectationList.filter((e) => !e.met)
    // done() waits for its own sends too; the end of a test cuts a publication short freely.
    const owed = { replies: this.pendingReplies, sends: waited ? this.pendingSends : 0 }
    const err = unmetError(this, unmet, owed, when, waited)
    return err && this.site.apply(err)
  }

  private async closeNow(): Promise<void> {
    this.owner.remove(this)
    this.abort.abort()
    this.waits.close(this.name)
    // Sends in flight end first (each is bounded); the close then ends the loop's receive.
    await within(this.sendQueue, LOOP_END_MS)
    await this.socket.close()
    await within(this.loop, LOOP_END_MS)
  }
}
