import createDebug from "debug"
import { PREFIX, UsageError } from "../errors"
import type { Resource, Scope } from "../core/scope"
import {
  CASSETTE_FORMAT,
  CASSETTE_VERSION,
  encodeFrame,
  type Cassette,
  type CassetteChannel,
  type CassetteMessage,
} from "./format"
import type { CassetteLocation } from "./location"
import { writeCassette } from "./write"

const debug = createDebug("zmq-harness:cassette")

/** The cassettes being recorded now, by absolute path: the channels of one cassette join. */
const live = new Map<string, CassetteRecording>()

/** What a recording asks of the proxy of one of its channels before it writes the cassette. */
export interface RecordedChannel {
  /**
   * Why a cassette of this channel must not be written (its real peer never answered: "its
   * target … never answered… Start the real peer…"), or undefined.
   */
  unwritable(): Promise<string | undefined>
  /** How many messages went to the real peer, and how many came back. */
  readonly counts: { readonly sent: number; readonly answers: number }
}

/**
 * One cassette being recorded: the channels of its proxies and every message
 * they forwarded, on one clock. Written when the test that recorded it ends
 * (its end check, so a failed write fails that test), or when its suite ends
 * (a cassette recorded in a `before` hook). Not written, with a word on stderr
 * saying why, when that test (or a test or hook of that suite) failed, when
 * no message crossed its proxies, or when a target never answered: each would
 * replace the cassette with one that replays a conversation that never was.
 */
export class CassetteRecording implements Resource {
  readonly kind = "cassette"
  private readonly channels: Record<string, CassetteChannel> = {}
  private readonly proxies = new Map<string, RecordedChannel>()
  private readonly messages: CassetteMessage[] = []
  private readonly started = performance.now()
  private written = false

  private constructor(
    readonly name: string,
    readonly location: CassetteLocation,
    /** False in `replay` mode with no cassette: the proxy passes through and nothing is written. */
    readonly keep: boolean,
    private readonly scope: Scope,
  ) {}

  /** The recording of `location` in this scope, made (and tied to the scope) on first use. */
  static of(
    name: string,
    location: CassetteLocation,
    keep: boolean,
    scope: Scope,
  ): CassetteRecording {
    const found = live.get(location.absolute)
    if (found && found.scope === scope) return found
    const made = new CassetteRecording(name, location, keep, scope)
    live.set(location.absolute, made)
    scope.add(made)
    if (keep) scope.endChecks.add(made.endCheck)
    return made
  }

  /** Adds a channel; two proxies cannot record the same channel of one cassette. */
  addChannel(name: string, channel: CassetteChannel): void {
    if (Object.hasOwn(this.channels, name)) {
      throw new UsageError(
        `expected one record proxy per channel of cassette ${this.location.shown}, got a second one for channel "${name}". ` +
          'Give each proxy its own `channel` (e.g. "shell", "iopub").',
      )
    }
    this.channels[name] = channel
  }

  /** The proxy of `channel`, asked before the cassette is written. */
  follow(channel: string, proxy: RecordedChannel): void {
    this.proxies.set(channel, proxy)
  }

  /** Notes a message that crossed `channel`; returns its offset in ms. */
  note(
    channel: string,
    direction: CassetteMessage["direction"],
    frames: readonly Buffer[],
  ): number {
    const at = Math.round((performance.now() - this.started) * 1000) / 1000
    if (!this.written)
      this.messages.push({ channel, direction, at, frames: frames.map(encodeFrame) })
    return at
  }

  /** The cassette as it stands. */
  cassette(): Cassette {
    return {
      format: CASSETTE_FORMAT,
      version: CASSETTE_VERSION,
      name: this.name,
      recorded: new Date(performance.timeOrigin + this.started).toISOString(),
      channels: this.channels,
      messages: this.messages,
    }
  }

  /** Writes the cassette once; later messages are not kept. */
  write(): void {
    if (this.written || !this.keep) return
    this.written = true
    if (live.get(this.location.absolute) === this) live.delete(this.location.absolute)
    writeCassette(this.location.shown, this.location.absolute, this.cassette())
    debug("wrote %s: %d message(s)", this.location.shown, this.messages.length)
  }

  /**
   * Why the cassette must not be written, or undefined when it may be: `failure` is what the
   * test failed with (for a suite's cassette, the first failure of a test or hook of the suite).
   */
  private async refusal(failure: unknown): Promise<string | undefined> {
    // A target that never answered first: it is often why the test failed.
    for (const proxy of this.proxies.values()) {
      const why = await proxy.unwritable()
      if (why) return why
    }
    if (failure !== undefined && failure !== null)
      return `${this.scope.kind === "test" ? "its test failed" : "a test or hook of its suite failed"}. Fix the test, then record again.`
    if (this.messages.length === 0) {
      const proxies = Object.entries(this.channels).map(
        ([c, ch]) => `channel "${c}" → ${ch.target}`,
      )
      return (
        `no message crossed its proxy (${proxies.join(", ")}): the process under test did not connect to it, or sent nothing. ` +
        "An empty cassette would replay as a pass that proves nothing; an older one is kept as it is."
      )
    }
    return undefined
  }

  /** Requests left without a reply on request/reply channels, for a warning. */
  private unanswered(): string | undefined {
    const lines: string[] = []
    for (const [channel, proxy] of this.proxies) {
      const { sent, answers } = proxy.counts
      const ch = this.channels[channel]
      if (ch && ["rep", "router", "pair"].includes(ch.peer) && sent > 0 && answers === 0)
        lines.push(`channel "${channel}": ${sent} request(s), no reply from ${ch.target}`)
    }
    return lines.length ? lines.join("; ") : undefined
  }

  /**
   * Writes the cassette, unless {@link refusal} says why not (then says it on stderr); a write
   * that fails is returned.
   */
  private async settle(failure: unknown): Promise<Error | undefined> {
    if (this.written || !this.keep) return undefined
    const refusal = await this.refusal(failure)
    // Another check (the test's end, then its scope's close) may have settled it meanwhile.
    if (this.written) return undefined
    if (refusal) {
      this.written = true
      if (live.get(this.location.absolute) === this) live.delete(this.location.absolute)
      process.stderr.write(
        `  ${PREFIX}cassette ${this.location.shown} was not written: ${refusal}\n`,
      )
      return undefined
    }
    const unanswered = this.unanswered()
    if (unanswered) {
      process.stderr.write(
        `  ${PREFIX}cassette ${this.location.shown} holds requests without replies (${unanswered}): ` +
          "a replay will not answer them either. Check that the real peer answers, then record again.\n",
      )
    }
    try {
      this.write()
    } catch (err) {
      return err as Error
    }
    return undefined
  }

  /**
   * The end-of-test (or end-of-suite) check: writes the cassette, and a write that fails fails
   * the test. A test that failed leaves no cassette: a half conversation would be replayed as
   * the whole one, and an older cassette is kept as it is.
   */
  private readonly endCheck = (failure?: unknown): Promise<Error | undefined> =>
    this.settle(failure)

  async close(): Promise<void> {
    if (live.get(this.location.absolute) === this) live.delete(this.location.absolute)
    this.scope.endChecks.delete(this.endCheck)
    // Its check ran already, but for a test that never ran (a beforeEach hook failed first).
    const err = await this.settle(this.scope.failureUnder)
    if (err) process.stderr.write(`  ${err.message}\n`)
  }

  describe(): string {
    const state = !this.keep
      ? "passing through, not recorded"
      : this.written
        ? "written"
        : "recording"
    return `cassette ${this.location.shown} (${state}): ${Object.keys(this.channels).join(", ") || "no channel"}, ${this.messages.length} message(s)`
  }
}
