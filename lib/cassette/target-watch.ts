import { PREFIX } from "../errors"
import type { Scope } from "../core/scope"
import type { Connections } from "../socket/connections"
import { CASSETTES_ENV } from "./mode"

/**
 * Why a record proxy talks to the real peer: its cassette is missing (mode `record`, or
 * `replay` passing through), or is recorded again (mode `update`).
 */
export type RecordReason = "missing" | "update" | "passthrough"

/** What a {@link TargetWatch} says its problems with. */
export interface WatchedChannel {
  /** e.g. `record("quotes")`. */
  readonly call: string
  /** The cassette, as shown. */
  readonly cassette: string
  /** The real peer's endpoint. */
  readonly target: string
  readonly reason: RecordReason
  /** Whether the peer answers requests (req, dealer, pair) or only takes or gives a stream. */
  readonly family: "request" | "stream"
  /** The scope that owns the proxy: told of a target that did not answer ({@link Scope.notice}). */
  readonly scope: Scope
  /** How long the target may take to be reached once something waits for it, in ms. */
  readonly timeout: number
}

/**
 * Whether a record proxy's real peer (its target) is there: a proxy to a target where nothing
 * listens forwards every request into a queue and the process under test waits out its own
 * bound, with no word. Once something is forwarded, the target must be reached within the
 * proxy's timeout, or the run is told at once on stderr, and the test's failure message says
 * it too (a notice); a cassette whose target was never reached is not written.
 *
 * @example
 * ```ts
 * const watch = new TargetWatch(channel)
 * watch.follow(connections) // each upstream socket's connections
 * watch.forwarded(connections) // a request went to the target: the wait for it starts
 * await watch.settled()
 * watch.silence() // undefined, or why the target did not answer
 * ```
 */
export class TargetWatch {
  private readonly upstreams: Connections[] = []
  private sent = 0
  private answers = 0
  private told = false
  private closed = false
  /** The wait for the target that the first forwarded message started. */
  private waiting: Promise<void> = Promise.resolve()

  constructor(private readonly channel: WatchedChannel) {}

  /** The connections of one more upstream socket to the target. */
  follow(connections: Connections): void {
    this.upstreams.push(connections)
  }

  /**
   * Something went to the target through the upstream socket of `connections`; the first time,
   * the (bounded) wait for the target begins.
   */
  forwarded(connections: Connections): void {
    if (this.sent++ === 0) this.waiting = this.expectTarget(connections)
  }

  /**
   * Settles once the wait for the target has settled: the target was reached, or the proxy's
   * timeout passed since the first message went to it, or the proxy closed. Monitor events
   * come a little after the fact: a target that answered may not be known to have until then.
   */
  settled(): Promise<void> {
    return this.waiting
  }

  /** Something came from the target. */
  answered(): void {
    this.answers++
  }

  /** The proxy closed: nothing more is waited for. */
  close(): void {
    this.closed = true
  }

  /** True once a connection to the target was made, or something came from it. */
  get reached(): boolean {
    return this.answers > 0 || this.upstreams.some((c) => c.everConnected(this.channel.target))
  }

  /** How many messages went to the target, and how many came back. */
  get counts(): { sent: number; answers: number } {
    return { sent: this.sent, answers: this.answers }
  }

  /**
   * Why the target did not answer: something was forwarded to it and no connection to it was
   * ever made. Undefined when it was reached, or nothing was asked of it.
   */
  silence(): string | undefined {
    if (this.sent === 0 || this.reached) return undefined
    return this.text("which did not answer")
  }

  /** Why a cassette recorded through the proxy must not be written, or undefined. */
  unwritable(): string | undefined {
    if (this.sent === 0 || this.reached) return undefined
    const { target, family } = this.channel
    return (
      `its target ${target} never answered (no connection to it was made: is anything listening there?), ` +
      `and ${this.sent} ${family === "request" ? "request(s)" : "message(s)"} to it went nowhere. ${this.advice()}`
    )
  }

  private async expectTarget(connections: Connections): Promise<void> {
    const { target, timeout } = this.channel
    await connections.waitFor(() => this.closed || connections.everConnected(target), timeout)
    if (this.closed || this.reached || this.told) return
    this.told = true
    const text = this.text(`which has not answered in ${timeout} ms`)
    process.stderr.write(`  ${PREFIX}${text}\n`)
    this.channel.scope.notice(this.text("which did not answer"))
  }

  private text(state: string): string {
    const { call, cassette, target, reason, family } = this.channel
    const lead =
      reason === "update"
        ? `${call} records cassette ${cassette} again (mode update) from ${target}`
        : reason === "passthrough"
          ? `cassette ${cassette} is missing, so ${call} passes through (mode replay) to ${target}`
          : `cassette ${cassette} is missing, so ${call} records it from ${target}`
    const went = `${this.sent} ${family === "request" ? "request(s)" : "message(s)"} to it went nowhere`
    return `${lead}, ${state}: no connection to it was made (is anything listening there?) and ${went}. ${this.advice()}`
  }

  private advice(): string {
    return (
      "Start the real peer (or give `target` a function that starts it) and record again" +
      (this.channel.reason === "update"
        ? "."
        : `; in CI, set ${CASSETTES_ENV}=lockdown so that a missing cassette fails at once instead of waiting for a peer that is not there.`)
    )
  }
}
