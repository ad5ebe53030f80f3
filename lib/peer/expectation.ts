import { SocketStateError, UsageError } from "../errors"
import { messageMatches } from "../match/match"
import { CallSite } from "../util/call-site"
import { checkCount } from "../util/count"
import { checkDuration } from "../util/duration"
import type { PeerRequest } from "./request"
import { encodeReply, type ReplyFrame } from "./reply-frames"
import { renderExpected, timesText } from "./render"

/**
 * A predicate on a received message (its decoded frames, and the whole request with raw
 * frames and envelope): the way to match what a list of frames cannot say.
 *
 * @example
 * ```ts
 * const anyPing: MessagePredicate = (frames) => frames[0] === "ping" || Buffer.isBuffer(frames[0])
 * ```
 */
export type MessagePredicate = (frames: readonly unknown[], request: PeerRequest) => boolean

/**
 * What `on()` takes: a list of frames, matched as `receive` matches (strings against text
 * frames, Buffers byte for byte, the JSON frame deep-equal, `sinon.match` anywhere), or a
 * {@link MessagePredicate}.
 *
 * @example
 * ```ts
 * const expected: Expected = ["get", sinon.match.string]
 * ```
 */
export type Expected = readonly unknown[] | MessagePredicate

/**
 * A reply computed from the request: may be async; returns the frames to send (see
 * {@link ReplyFrame}), or `undefined` to send nothing.
 *
 * @example
 * ```ts
 * const echo: ReplyFunction = (frames) => ["echo", ...frames.map(String)]
 * ```
 */
export type ReplyFunction = (
  frames: readonly unknown[],
  request: PeerRequest,
) => readonly ReplyFrame[] | undefined | Promise<readonly ReplyFrame[] | undefined>

/**
 * What the peer that owns an expectation tells it.
 *
 * @example
 * ```ts
 * const owner: ExpectationOwner = { cannotReply: undefined, name: "rep peer", changed() {}, discard() {} }
 * const probe = new Expectation(["ping"], owner)
 * ```
 */
export interface ExpectationOwner {
  /** Why this peer cannot send (a sub or pull), or undefined. */
  readonly cannotReply: string | undefined
  /** The peer's name, for messages. */
  readonly name: string
  /** Called when an expectation changes in a way `done()` waits on. */
  changed(): void
  /** Drops an expectation whose set-up threw: it is not one the peer waits for. */
  discard(expectation: Expectation): void
}

/** How the expectation answers. */
type Answer =
  | { readonly kind: "none" }
  | { readonly kind: "frames"; readonly frames: Buffer[] }
  | { readonly kind: "function"; readonly fn: ReplyFunction }

const NO_ANSWER: Answer = { kind: "none" }

/**
 * One expectation of a mock peer, made by `peer.on(expected)`: what it matches, how it
 * answers, how often it must (and may) match. Its methods return it, so they chain in any
 * order: `.on(["ping"]).reply(["pong"]).times(2)`, `.on(["slow"]).delay(200).reply(["ok"])`.
 *
 * @example
 * ```ts
 * const ping = backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
 * ping.count // how many messages it matched so far
 * ```
 */
export class Expectation {
  private answer: Answer = NO_ANSWER
  private wanted = 1
  private persistent = false
  private pause = 0
  private seen = 0
  private readonly takers: ((request: PeerRequest) => void)[] = []
  /** The calls that set how it answers, how often, and its delay: each may be made once. */
  private readonly settings: Partial<Record<"answer" | "count" | "delay", string>> = {}

  /** @internal Made by `peer.on()`. */
  constructor(
    /** What it matches. */
    readonly expected: Expected,
    private readonly owner: ExpectationOwner,
  ) {}

  /**
   * Answers each matching message with fixed frames, or with what a function returns
   * (the request's decoded frames and the request itself are passed; it may be async, and
   * may return `undefined` to send nothing). Fixed frames are encoded now: a frame JSON
   * cannot encode is a `PeerReplyError` here (and the expectation is dropped, as after any
   * of its methods that throws).
   *
   * @example
   * ```ts
   * backend.on(["ping", sinon.match.number]).reply(["pong", 1])
   * backend.on(["get", sinon.match.string]).reply(([, key]) => ["value", store[String(key)]])
   * ```
   */
  reply(frames: readonly ReplyFrame[] | ReplyFunction): this {
    this.setOnce(
      "answer",
      typeof frames === "function" ? ".reply(fn)" : ".reply([...])",
      this.reply,
    )
    const refusal = this.owner.cannotReply
    if (refusal) {
      this.owner.discard(this)
      throw new CallSite(this.reply).apply(
        new SocketStateError(
          `expected a peer that can send for .reply(), got ${this.owner.name}: ${refusal}.`,
        ),
      )
    }
    if (typeof frames === "function") {
      this.answer = { kind: "function", fn: frames }
      return this
    }
    try {
      this.answer = {
        kind: "frames",
        frames: encodeReply(frames, `the reply of .on(${this.describe()})`),
      }
    } catch (err) {
      this.owner.discard(this)
      throw new CallSite(this.reply).apply(err as Error)
    }
    return this
  }

  /**
   * Sends nothing back (a server that never answers). On a rep peer, which must answer before
   * it can receive again, it receives nothing more after such a message.
   *
   * @example
   * ```ts
   * backend.on(["never-answer"]).noReply()
   * ```
   */
  noReply(): this {
    this.setOnce("answer", ".noReply()", this.noReply)
    this.answer = NO_ANSWER
    return this
  }

  /**
   * How many messages it must match (default 1); once used up, it matches no more (a further
   * message is unmatched), unless {@link persist}.
   *
   * @example
   * ```ts
   * backend.on(["ping", 1]).reply(["pong", 1]).times(3)
   * ```
   */
  times(n: number): this {
    this.setOnce("count", `.times(${String(n)})`, this.times)
    try {
      this.wanted = checkCount(".times(n)", n, { fix: "Use .persist() for any number of times." })
    } catch (err) {
      this.owner.discard(this)
      throw new CallSite(this.times).apply(err as Error)
    }
    this.owner.changed()
    return this
  }

  /**
   * Matches any number of messages. Like nock, it counts as met once it matched one.
   *
   * @example
   * ```ts
   * backend.on(["heartbeat"]).reply(["ok"]).persist()
   * ```
   */
  persist(): this {
    this.setOnce("count", ".persist()", this.persist)
    this.persistent = true
    this.owner.changed()
    return this
  }

  /**
   * Waits `ms` before each reply (checked: a finite number of ms). Other messages are still
   * received and answered meanwhile, except on a rep or req peer, which alternate.
   *
   * @example
   * ```ts
   * backend.on(["slow"]).delay(200).reply(["ok"])
   * ```
   */
  delay(ms: number): this {
    this.setOnce("delay", `.delay(${String(ms)})`, this.delay)
    try {
      this.pause = checkDuration(".delay(ms)", ms)
    } catch (err) {
      this.owner.discard(this)
      throw new CallSite(this.delay).apply(err as Error)
    }
    return this
  }

  /**
   * Notes that `call` set the expectation's `what`; a second call that sets it again (two
   * replies, `.times(2).persist()`) is a mistake that would silently win: refused, and the
   * expectation dropped, as after any of its methods that throws.
   */
  private setOnce(what: "answer" | "count" | "delay", call: string, method: Function): void {
    const before = this.settings[what]
    if (before === undefined) {
      this.settings[what] = call
      return
    }
    this.owner.discard(this)
    const which =
      what === "answer"
        ? "one .reply() or .noReply()"
        : what === "count"
          ? "one .times(n) or .persist()"
          : "one .delay(ms)"
    const fix =
      what === "answer"
        ? "To answer differently from one message to the next, reply with a function; for another message, add another .on()."
        : "Keep the one you mean."
    throw new CallSite(method).apply(
      new UsageError(
        `expected ${which} per expectation, got ${call} after ${before} on .on(${this.describe()}). ${fix}`,
      ),
    )
  }

  /** How many messages it matched so far. */
  get count(): number {
    return this.seen
  }

  /** @internal The pause before each reply, in ms. */
  get delayMs(): number {
    return this.pause
  }

  /** @internal How it answers. */
  get reaction(): Answer {
    return this.answer
  }

  /** @internal True while it may still take a message. */
  get open(): boolean {
    return this.persistent || this.seen < this.wanted
  }

  /** @internal True once matched as often as it must. */
  get met(): boolean {
    return this.seen >= (this.persistent ? 1 : this.wanted)
  }

  /** @internal Counts one matched message, and tells those that asked ({@link onTaken}). */
  take(request: PeerRequest): void {
    this.seen++
    for (const taker of this.takers) taker(request)
  }

  /**
   * @internal Calls `taker` with each message the expectation takes, before it is answered: a
   * replay notes which recorded request was replayed, on a peer that answers or not.
   */
  onTaken(taker: (request: PeerRequest) => void): this {
    this.takers.push(taker)
    return this
  }

  /** @internal Does it match this message (used up or not)? */
  matches(request: PeerRequest): boolean {
    const expected = this.expected
    if (typeof expected === "function") return expected(request.frames, request)
    // As `receive` sees it (header frames as Buffers), when the peer decoded it so.
    const decoded = (request as { decoded?: readonly unknown[] }).decoded ?? request.frames
    return messageMatches(expected, decoded)
  }

  /** The expected message as text: `["ping", <typeOf("number")>]`. */
  describe(): string {
    return renderExpected(this.expected)
  }

  /** @internal "expected ["ping", <…>] 2 times, saw it once". */
  unmetText(): string {
    const saw = this.seen === 0 ? "never saw it" : `saw it ${timesText(this.seen)}`
    return this.persistent
      ? `expected ${this.describe()} at least once (persist), ${saw}`
      : `expected ${this.describe()} ${timesText(this.wanted)}, ${saw}`
  }

  /** @internal How often it may match, as text: "2 times", "any number of times". */
  get allowedText(): string {
    return this.persistent ? "any number of times" : timesText(this.wanted)
  }
}
