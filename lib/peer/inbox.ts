import type * as zmq from "zeromq"
import { SocketStateError, UsageError } from "../errors"
import { decodeMessage, type JsonFrame } from "../frames/frames"
import { runningTest } from "../socket/receiver"
import { isSubscriptionMessage } from "../socket/subscriptions"
import type { TestSocket } from "../socket/test-socket"
import type { TranscriptLog } from "../socket/transcript"
import type { SocketType } from "../socket/types"
import type { RecordMark } from "../timeline/record"
import { delay as pause } from "../util/timers"
import { answerFrames } from "./answer"
import { closestText } from "./closest"
import { splitEnvelope } from "./envelope"
import type { Expectation } from "./expectation"
import type { ExpectationList } from "./expectation-list"
import { unmatchedError, type PeerFacts } from "./failures"
import { ALTERNATING, receiveRefusal } from "./kinds"
import type { Outbox } from "./outbox"
import { ReceivedLog } from "./received-log"
import { ReceivedMessage, type PeerRequest } from "./request"

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

/** What the report says of a received message, and how it marks it. */
export interface MessageNote {
  readonly note: string
  readonly mark?: RecordMark
}

function matchesSafely(expectation: Expectation, request: PeerRequest): boolean {
  try {
    return expectation.matches(request)
  } catch {
    return false
  }
}

/** What the receiving side of a mock peer uses of the peer. */
export interface InboxHost extends PeerFacts {
  readonly type: SocketType
  readonly socket: TestSocket
  /** The bound of each reply's send, in ms. */
  readonly timeout: number
  readonly expectations: ExpectationList
  readonly outbox: Outbox
  readonly log: TranscriptLog
  /** Aborted when the peer closes: ends the delays of replies. */
  readonly signal: AbortSignal
  /** `performance.now()` when the peer was made: the clock of `received[].at`. */
  readonly born: number
  /** True once the peer is closing. */
  closing(): boolean
  /** Fails the test that owns the peer (the error is pointed at where the peer was made). */
  fail(err: Error): void
  /** Something `done()` or `subscribed()` waits on changed. */
  changed(): void
}

/**
 * The receiving side of a mock peer: its receive loop, and what happens to each message that
 * comes: noted, matched to the first open expectation, answered as it says (after its delay),
 * or, when none matches, failing the test with the closest expectation.
 *
 * @example
 * ```ts
 * const inbox = new Inbox(host, 1000)
 * inbox.start() // receives until the peer closes its socket
 * ```
 */
export class Inbox {
  /** What came, for `peer.received`. */
  readonly requests: ReceivedLog
  /** What the lane of the report says of a message ("unmatched", "subscription"…), and its mark. */
  private readonly notes = new WeakMap<readonly Buffer[], MessageNote>()
  private readonly raw: zmq.Socket & zmq.Readable
  private readonly json: JsonFrame
  /** `.allowUnmatched()`: a message no expectation matches does not fail the test. */
  allowed = false
  /** `.explainUnmatched()`. */
  explainer: UnmatchedExplainer | undefined
  /** Replies owed: matched, not sent yet (a delay, a reply function still running). */
  pendingReplies = 0
  /** Why the loop stopped before the peer closed (a rep that did not answer). */
  halted: string | undefined
  private loop: Promise<void> = Promise.resolve()

  constructor(
    private readonly host: InboxHost,
    transcriptLimit: number,
  ) {
    this.raw = host.socket.raw as zmq.Socket & zmq.Readable
    this.json = host.socket.json
    this.requests = new ReceivedLog(transcriptLimit)
  }

  /** Starts receiving, for a peer that receives on its own (a req peer receives after each send). */
  start(): void {
    const { type, socket } = this.host
    // The loop's receive waits until a message comes or the peer closes its socket: the close,
    // made at the latest when the test ends, is its bound. The socket is then closed without an
    // unbind first (libzmq 4.3.5 aborts the process when an unbind meets a pending receive and
    // a disconnecting peer: pipe.cpp:355), which TestSocket does once it handed over receiving.
    if ("receiveTimeout" in this.raw) this.raw.receiveTimeout = -1
    if (type !== "req" && (!receiveRefusal(type) || socket.type === "xpub"))
      this.loop = this.receiveLoop(false)
  }

  /** After a send of a req peer: its loop runs for the one reply. */
  sent(): void {
    if (this.host.type === "req") this.loop = this.receiveLoop(true)
  }

  /** Settles when the loop has ended (after the close of the socket). */
  get ended(): Promise<void> {
    return this.loop
  }

  /** What the report says of a received message, if anything. */
  noteOf(frames: readonly Buffer[]): MessageNote | undefined {
    return this.notes.get(frames)
  }

  /**
   * Receives until the peer closes (or, with `once`, one message: a req peer's reply): one
   * receive at a time, ended by a message or by the close of the socket (see start()).
   */
  private async receiveLoop(once: boolean): Promise<void> {
    const { host, raw } = this
    const alternating = ALTERNATING.has(host.type)
    for (;;) {
      let frames: Buffer[]
      if (host.closing()) return
      try {
        frames = await raw.receive()
      } catch (err) {
        if (host.closing() || raw.closed) return
        host.fail(
          new SocketStateError(
            `expected ${host.name} to receive, got ${(err as Error).message}. It answers no more.`,
            { cause: err },
          ),
        )
        return
      }
      if (host.closing()) return
      const handled = this.handle(frames)
      if (once) return
      if (alternating) {
        const answered = handled ? await handled : false
        // A rep that did not answer cannot receive again (zeromq's state machine).
        if (!answered && host.type === "rep") {
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
    const { host } = this
    host.log.record("received", frames, runningTest())
    if (host.socket.type === "xpub" && isSubscriptionMessage(frames)) {
      host.socket.subscriptions.note(frames)
      this.notes.set(frames, { note: frames[0][0] === 1 ? "subscription" : "unsubscription" })
      host.changed()
      return undefined
    }
    const { envelope, body } = splitEnvelope(host.type, frames)
    const request = new ReceivedMessage(
      this.decode(body),
      body,
      envelope,
      host.type === "router" ? envelope[0] : undefined,
      Math.round((performance.now() - host.born) * 10) / 10,
    )
    this.requests.add(request)
    let chosen: Expectation | undefined
    try {
      chosen = host.expectations.choose(request)
    } catch (err) {
      host.fail(
        new UsageError(
          `expected the predicate of .on() to return true or false, got an error: ${(err as Error).message}.`,
          { cause: err },
        ),
      )
      return undefined
    }
    if (!chosen) {
      this.unmatched(frames, request)
      return undefined
    }
    request.matched = true
    chosen.take(request)
    if (chosen.reaction.kind === "none" && chosen.delayMs === 0) {
      host.changed()
      return undefined
    }
    const answering = this.answer(chosen, request)
    if (ALTERNATING.has(host.type)) return answering
    void answering
    return undefined
  }

  private decode(body: Buffer[]): unknown[] {
    if (this.json === false) return body
    try {
      return decodeMessage(body, this.json, this.host)
    } catch {
      // Not JSON where JSON was expected: matched as raw frames (strings match their text).
      return body
    }
  }

  /** Sends the answer of `expectation` to `request`, after its delay; true once sent. Never rejects. */
  private async answer(expectation: Expectation, request: ReceivedMessage): Promise<boolean> {
    const { host } = this
    this.pendingReplies++
    try {
      if (expectation.delayMs > 0 && !(await pause(expectation.delayMs, { signal: host.signal })))
        return false
      const frames = await answerFrames(expectation, request)
      if (!frames || host.closing()) return false
      const out = request.envelope.length === 0 ? frames : [...request.envelope, ...frames]
      await host.outbox.transmit(out, undefined, host.timeout)
      return true
    } catch (err) {
      if (!host.closing()) host.fail(err as Error)
      return false
    } finally {
      this.pendingReplies--
      host.changed()
    }
  }

  private unmatched(frames: Buffer[], request: ReceivedMessage): void {
    const { host } = this
    host.changed()
    if (this.allowed) {
      this.notes.set(frames, { note: "unmatched (allowed)" })
      return
    }
    // Like one an expectation took, once more than it may: unexpected; else unlike any: unmatched.
    const usedUp = host.expectations.list().some((e) => !e.open && matchesSafely(e, request))
    this.notes.set(
      frames,
      usedUp
        ? { note: "unexpected: its expectation was used up", mark: "unexpected" }
        : { note: "unmatched", mark: "unmatched" },
    )
    let explained: string | undefined
    try {
      explained = this.explainer?.(request, host.expectations.list())
    } catch (err) {
      explained = `(explainUnmatched() threw: ${(err as Error).message})`
    }
    const text = explained ?? closestText(host.expectations.list(), request)
    host.fail(unmatchedError(host, request, text, explained === undefined))
  }
}
