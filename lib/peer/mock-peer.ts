import type * as zmq from "zeromq"
import { SocketClosedError, SocketStateError, TimeoutError, UsageError } from "../errors"
import { Scope, type EndOfTestCheck, type Resource } from "../core/scope"
import { describeValue } from "../frames/frames"
import type { TestSocket, WaitOptions } from "../socket/test-socket"
import { TranscriptLog } from "../socket/transcript"
import type { SocketType } from "../socket/types"
import type { ResourceRecord } from "../timeline/record"
import { CallSite } from "../util/call-site"
import { optionalDuration } from "../util/duration"
import { topicBytes } from "../util/topic"
import { delay as pause, within } from "../util/timers"
import type { Expectation, Expected } from "./expectation"
import { ExpectationList } from "./expectation-list"
import { closedError, summaryOf, unmetError } from "./failures"
import { Inbox, type UnmatchedExplainer } from "./inbox"
import { oneWayRefusal, receiveRefusal, replyRefusal } from "./kinds"
import { peerLane } from "./lane"
import { Outbox } from "./outbox"
import { encodeReply, type ReplyFrame } from "./reply-frames"
import type { PeerRequest } from "./request"
import {
  checkPublishOptions,
  onSchedule,
  type PeerSendOptions,
  type PublishFrames,
  type PublishOptions,
} from "./sending"
import { StateWaits } from "./wait-for"

export type { UnmatchedExplainer } from "./inbox"

/** How long a close waits for the loop, and for a send in flight, before closing all the same. */
const LOOP_END_MS = 1000

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
  private readonly expectationList: ExpectationList
  private readonly log: TranscriptLog
  private readonly born = performance.now()
  private readonly waits = new StateWaits()
  private readonly abort = new AbortController()
  private readonly outbox: Outbox
  private readonly inbox: Inbox
  private failure: Error | undefined
  /** How many expectations there were when done() last reported them unmet. */
  private toldUnmet = -1
  private closing: Promise<void> | undefined

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
    this.log = new TranscriptLog(transcriptLimit)
    const peerName = () => this.name
    const changed = () => this.waits.changed()
    const closing = () => this.closing !== undefined
    this.expectationList = new ExpectationList({
      get name() {
        return peerName()
      },
      cannotReply: replyRefusal(type),
      changed,
    })
    this.outbox = new Outbox(socket.raw as zmq.Socket & zmq.Writable, this.log, this, {
      closing,
      sent: () => this.inbox.sent(),
      settled: changed,
    })
    this.inbox = new Inbox(
      {
        type,
        socket,
        get name() {
          return peerName()
        },
        renderTranscript: () => this.renderTranscript(),
        get timeout() {
          return socket.timeout
        },
        expectations: this.expectationList,
        outbox: this.outbox,
        log: this.log,
        signal: this.abort.signal,
        born: this.born,
        closing,
        fail: (err) => this.fail(this.site.apply(err)),
        changed,
      },
      transcriptLimit,
    )
  }

  /** @internal Starts answering: called once by {@link peer}. */
  start(): void {
    this.inbox.start()
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
    const problem = this.closing
      ? new SocketClosedError(
          `expected an open peer for .on(), got ${this.name} closed: it would never see a message. ` +
            "Add expectations before the peer closes (close() or the end of its test).",
        )
      : refusal
        ? new SocketStateError(
            `expected a peer that receives for .on(), got ${this.name}: ${refusal}.`,
          )
        : typeof expected !== "function" && !Array.isArray(expected)
          ? new UsageError(
              `expected .on() to get a list of frames, e.g. ["ping", sinon.match.number], or a predicate (frames, request) => boolean, got ${describeValue(expected)}.`,
            )
          : undefined
    if (problem) throw new CallSite(this.on).apply(problem)
    return this.expectationList.add(expected)
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
    this.inbox.allowed = true
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
    this.inbox.explainer = explainer
    return this
  }

  /** The expectations, in the order they were added. */
  get expectations(): readonly Expectation[] {
    return this.expectationList.list()
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
    return this.inbox.requests.list()
  }

  /**
   * How many of the oldest received messages `received` no longer lists, to bound its memory
   * (it keeps the last 10,000, or as many as the `transcript` option when more).
   */
  get droppedReceived(): number {
    return this.inbox.requests.dropped
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
    let wanted: Buffer | undefined
    try {
      ms = optionalDuration("subscribed(topic, { timeout })", options?.timeout, this.timeout)
      wanted = topicBytes(topic, "subscribed(topic)")
    } catch (err) {
      throw site.apply(err as Error)
    }
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
    return this.outbox.track(
      (async () => {
        if (wait > 0 && !(await pause(wait, { signal: this.abort.signal })))
          throw site.apply(closedError(this.name, "send()", 0, 1))
        await this.outbox.transmit(out, site, bound)
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
    return this.outbox.track(
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
          await this.outbox.transmit(out, site, this.timeout)
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
    const { requests, pendingReplies, halted } = this.inbox
    const unmatched = requests.unmatchedCount()
    const unmet = this.expectationList.unmet()
    const parts = [
      `got ${requests.total} message(s)${unmatched ? ` (${unmatched} unmatched)` : ""}`,
      pendingReplies ? `${pendingReplies} reply(ies) pending` : "",
      halted ? `receives no more: ${halted}` : "",
      unmet.length
        ? `still expects: ${unmet.map((e) => e.unmetText()).join("; ")}`
        : "every expectation met",
    ].filter(Boolean)
    return `${this.name}: ${parts.join(", ")}\n${this.renderTranscript()}`
  }

  /** @internal Its lane in the test's artifacts. */
  record(): ResourceRecord {
    return peerLane({
      name: this.name,
      type: this.type,
      endpoints: this.endpoints,
      born: this.born,
      log: this.log,
      noteOf: (frames) => this.inbox.noteOf(frames),
    })
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
    if (this.inbox.pendingReplies > 0 || this.outbox.owedSends > 0) return false
    return this.expectationList.allMet
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
   * Fails the test that owns the peer, as a crash of a process does: every wait of the test
   * pending on the harness rejects with `err` at once, and the test fails with it when it ends
   * if none was pending.
   */
  private fail(err: Error): void {
    if (this.closing) return
    this.failure ??= err
    // Said again in the test's failure, should the test fail on its own assertion first.
    this.owner.notice(summaryOf(err))
    this.owner.fail(err)
    this.waits.changed()
  }

  /**
   * The end-of-test check: expectations left unmet fail the test; when the test failed anyway,
   * its failure says them (a recorded request that never came explains a wrong exit code).
   */
  private readonly endCheck: EndOfTestCheck = (testError) => {
    if (this.failure || this.toldUnmet === this.expectationList.length) return undefined
    const unmet = this.unmetError("by the end of the test", false)
    if (unmet && testError) this.owner.notice(summaryOf(unmet))
    return unmet
  }

  private unmetError(when: string, waited: boolean): Error | undefined {
    const unmet = this.expectationList.unmet()
    // done() waits for its own sends too; the end of a test cuts a publication short freely.
    const owed = { replies: this.inbox.pendingReplies, sends: waited ? this.outbox.owedSends : 0 }
    const err = unmetError(this, unmet, owed, when, waited)
    return err && this.site.apply(err)
  }

  private async closeNow(): Promise<void> {
    this.owner.remove(this)
    this.abort.abort()
    this.waits.close(this.name)
    // Sends in flight end first (each is bounded); the close then ends the loop's receive.
    await within(this.outbox.drained, LOOP_END_MS)
    await this.socket.close()
    await within(this.inbox.ended, LOOP_END_MS)
  }
}
