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

/**
 * One cassette being recorded: the channels of its proxies and every message
 * they forwarded, on one clock. Written when the test that recorded it ends
 * (its end check, so a failed write fails that test), or when its scope
 * closes (a cassette recorded in a `before` hook).
 */
export class CassetteRecording implements Resource {
  readonly kind = "cassette"
  private readonly channels: Record<string, CassetteChannel> = {}
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
   * The end-of-test check: writes the cassette, and a write that fails fails the test. A test
   * that failed leaves no cassette: a half conversation would be replayed as the whole one,
   * and an older cassette is kept as it is.
   */
  private readonly endCheck = (testError?: unknown): Error | undefined => {
    if (testError !== undefined && testError !== null && !this.written && this.keep) {
      this.written = true
      process.stderr.write(
        `  ${PREFIX}cassette ${this.location.shown} was not written: its test failed. ` +
          "Fix the test, then record again.\n",
      )
      return undefined
    }
    try {
      this.write()
    } catch (err) {
      return err as Error
    }
    return undefined
  }

  close(): Promise<void> {
    if (live.get(this.location.absolute) === this) live.delete(this.location.absolute)
    this.scope.endChecks.delete(this.endCheck)
    try {
      this.write()
    } catch (err) {
      process.stderr.write(`  ${(err as Error).message}\n`)
    }
    return Promise.resolve()
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
