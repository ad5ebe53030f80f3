import type { Server } from "node:net"
import { FaultyLinkError, UnreadableStreamError, UsageError } from "../errors"
import type { Resource, Scope } from "../core/scope"
import { describeValue, renderFrames } from "../frames/frames"
import type { ResourceRecord } from "../timeline/record"
import { CallSite } from "../util/call-site"
import { checkDuration } from "../util/duration"
import { within } from "../util/timers"
import { connectOptions, type NetAddress } from "./address"
import { LinkConnection } from "./connection"
import { Faults } from "./faults"
import type { PipeHost } from "./pipe"
import type { MessageHold } from "./schedule"
import { seeded, type Random } from "./prng"
import { checkKeys, directions } from "./call-options"
import { ActiveRule, checkDirection, checkRule, type Direction, type MessageRule } from "./rules"
import { Counters, type LinkStats } from "./stats"
import { LinkTranscript } from "./transcript"

/**
 * Options of {@link FaultyLink.delay}.
 *
 * @example
 * ```ts
 * link.delay(50, { jitter: 10, direction: "downstream" } satisfies DelayOptions)
 * ```
 */
export interface DelayOptions {
  /** Each unit waits `ms ± jitter` (uniform, seeded, never below 0); order is kept. Default 0. */
  jitter?: number
  /** Only one direction; default both. */
  direction?: Direction
}

/**
 * Options of {@link FaultyLink.bandwidth}.
 *
 * @example
 * ```ts
 * link.bandwidth(1024, { direction: "downstream" } satisfies BandwidthOptions)
 * ```
 */
export interface BandwidthOptions {
  /** Only one direction; default both (each direction gets the full rate). */
  direction?: Direction
}

/** How long closing a link may take (its server closes once its sockets are destroyed). */
const CLOSE_BOUND_MS = 2000

/** What the link was made with (see faulty-link.ts). */
export interface LinkParts {
  server: Server
  endpoint: string
  target: NetAddress
  targetText: string
  seed: number
  name: string | undefined
  transcriptLimit: number
  scope: Scope
  /** Where messages wait for the explore() run that decides when each goes on, if any. */
  hold: MessageHold | undefined
}

/**
 * A proxy between ZeroMQ peers that injects network faults: made by
 * {@link faultyLink}. Callers connect to {@link FaultyLink.endpoint}; each
 * connection is forwarded to the target on a connection of its own. Faults
 * apply at once, to live connections and new ones. Every fault method returns
 * the link, so calls chain.
 *
 * Byte-level faults (`delay`, `cut`, `blackhole`, `bandwidth`) act on the
 * stream; message-level faults (`drop`, `duplicate`, `reorder`) act on whole
 * ZeroMQ messages (every frame of a multi-part message together), read from
 * the ZMTP 3 stream. Commands (the handshake's READY, SUBSCRIBE and CANCEL
 * commands, heartbeats' PING and PONG) are never dropped, duplicated or
 * reordered; they are delayed like any bytes.
 *
 * @example
 * ```ts
 * const link = await faultyLink({ target: server.endpoint, seed: 7 })
 * const client = await socket("req", { connect: link.endpoint })
 * link.delay(50, { jitter: 10 }).drop({ every: 3 })
 * link.cut() // … later
 * link.heal()
 * ```
 */
export class FaultyLink implements Resource {
  /** Resource kind, for reports. */
  readonly kind = "link"
  /** Where callers connect: `tcp://127.0.0.1:<port>` by default. */
  readonly endpoint: string
  /** The endpoint the link forwards to. */
  readonly target: string
  /** The seed of every random choice of the link (jitter, rules without their own seed). */
  readonly seed: number
  private readonly server: Server
  private readonly targetAddress: NetAddress
  private readonly label: string | undefined
  private readonly scope: Scope
  private readonly faults = new Faults()
  private readonly counters = new Counters()
  private readonly log: LinkTranscript
  private readonly connections = new Set<LinkConnection>()
  private readonly random: Random
  private closing: Promise<void> | undefined
  private unreadableError: UnreadableStreamError | undefined
  /** Where messages wait for the explore() run's schedule, on a link given `schedule`. */
  private readonly hold: MessageHold | undefined

  /** @internal Made by {@link faultyLink}. */
  constructor(parts: LinkParts) {
    this.server = parts.server
    this.endpoint = parts.endpoint
    this.target = parts.targetText
    this.targetAddress = parts.target
    this.seed = parts.seed
    this.label = parts.name
    this.scope = parts.scope
    this.log = new LinkTranscript(parts.transcriptLimit)
    this.random = seeded(parts.seed)
    this.hold = parts.hold
    this.host.hold = this.hold
    this.server.on("connection", (socket) => {
      if (this.faults.cut || this.closing) {
        socket.destroy()
        this.counters.connections.refused++
        this.log.event("refused", "the link is cut")
        return
      }
      this.hold?.activity()
      const connection = new LinkConnection(
        socket,
        connectOptions(this.targetAddress),
        this.host,
        (c, why) => this.forget(c, why),
        this.counters.connections.accepted + 1,
      )
      this.connections.add(connection)
      this.counters.connections.accepted++
      this.counters.connections.open++
      this.log.event("connect", `connection ${this.counters.connections.accepted}`)
      if (this.faults.blackhole) connection.pause()
    })
  }

  /** `link tcp://127.0.0.1:40001 → tcp://127.0.0.1:5555`, or the link's name. */
  get name(): string {
    return this.label ?? `link ${this.endpoint} → ${this.target}`
  }

  /**
   * What went through the link and what its faults did (a copy: read it
   * again for fresh numbers).
   *
   * @example
   * ```ts
   * expect(link.stats.faults.dropped).to.equal(1)
   * ```
   */
  get stats(): LinkStats {
    const buffered = { upstream: 0, downstream: 0 }
    for (const c of this.connections) {
      buffered.upstream += c.upstream.buffered
      buffered.downstream += c.downstream.buffered
    }
    return this.counters.snapshot(buffered)
  }

  /**
   * Delays every unit (a message, a command, a piece of the greeting) by
   * `ms`, give or take `jitter`. Order is kept: a unit never overtakes the
   * one ahead of it. `delay(0)` removes the delay.
   *
   * @example
   * ```ts
   * link.delay(100) // a round trip through the link takes at least 200 ms
   * link.delay(50, { jitter: 10, direction: "upstream" })
   * ```
   */
  delay(ms: number, options: DelayOptions = {}): this {
    return this.act(this.delay, () => {
      const call = "delay(ms, options)"
      checkKeys(call, options, ["jitter", "direction"])
      const delay = checkDuration("delay(ms)", ms)
      const jitter = checkDuration("delay(ms, { jitter })", options.jitter ?? 0)
      const direction = checkDirection(call, options.direction)
      for (const d of directions(direction)) {
        this.faults[d].delay = delay
        this.faults[d].jitter = jitter
      }
      this.log.event(
        "delay",
        `${delay}${jitter ? `±${jitter}` : ""} ms ${direction ?? "both ways"}`,
      )
    })
  }

  /**
   * Cuts the link: closes every live connection (both sides see it close)
   * and refuses new ones (accepted and closed at once) until {@link heal} or
   * {@link clear}. ZeroMQ peers reconnect by themselves once it heals.
   *
   * @example
   * ```ts
   * link.cut()
   * await expect(client.recv({ timeout: 300 })).to.be.rejectedWith(TimeoutError)
   * link.heal()
   * ```
   */
  cut(): this {
    return this.act(this.cut, () => {
      this.faults.cut = true
      const live = [...this.connections]
      this.counters.connections.cut += live.length
      this.log.event("cut", `${live.length} live connection${live.length === 1 ? "" : "s"} closed`)
      for (const c of live) c.close("cut")
    })
  }

  /**
   * Ends a {@link cut} and a {@link blackhole}: new connections go through
   * again, held ones resume. Other faults stay.
   *
   * @example
   * ```ts
   * link.heal()
   * await client.connected()
   * ```
   */
  heal(): this {
    return this.act(this.heal, () => {
      this.faults.cut = false
      this.faults.blackhole = false
      for (const c of this.connections) c.resume()
      this.log.event("heal")
    })
  }

  /**
   * Makes the link a silent peer: connections are accepted and held, and
   * nothing goes through either way (no data, no heartbeat) until
   * {@link heal} or {@link clear}, when what was held goes on.
   *
   * @example
   * ```ts
   * link.blackhole()
   * await expect(client.recv({ timeout: 300 })).to.be.rejectedWith(TimeoutError)
   * ```
   */
  blackhole(): this {
    return this.act(this.blackhole, () => {
      this.faults.blackhole = true
      for (const c of this.connections) c.pause()
      this.log.event("blackhole")
    })
  }

  /**
   * Limits the link to `bytesPerSecond` in each direction (or one): a unit
   * of n bytes takes n / rate seconds to pass, after the one ahead of it.
   *
   * @example
   * ```ts
   * link.bandwidth(64 * 1024) // 64 KiB/s each way
   * ```
   */
  bandwidth(bytesPerSecond: number, options: BandwidthOptions = {}): this {
    return this.act(this.bandwidth, () => {
      const call = "bandwidth(bytesPerSecond, options)"
      checkKeys(call, options, ["direction"])
      if (
        typeof bytesPerSecond !== "number" ||
        !Number.isFinite(bytesPerSecond) ||
        bytesPerSecond <= 0
      ) {
        throw new UsageError(
          `expected \`bandwidth(bytesPerSecond)\` to be a finite number of bytes per second above 0, got ${describeValue(bytesPerSecond)}. ` +
            "E.g. 64 * 1024; call clear() to remove the limit.",
        )
      }
      const direction = checkDirection(call, options.direction)
      for (const d of directions(direction)) this.faults[d].rate = bytesPerSecond
      this.log.event("bandwidth", `${bytesPerSecond} B/s ${direction ?? "both ways"}`)
    })
  }

  /**
   * Drops whole messages (every frame of a multi-part message) that the rule
   * hits; a later call replaces the rule. Commands are never dropped.
   *
   * @example
   * ```ts
   * link.drop({ every: 3 })                        // the 3rd, 6th… message, either way
   * link.drop({ probability: 0.2, seed: 7, direction: "downstream" })
   * ```
   */
  drop(rule: MessageRule = {}): this {
    return this.act(this.drop, () => this.setRule("drop", rule))
  }

  /**
   * Sends twice the messages the rule hits (the copy right after the
   * original); a later call replaces the rule.
   *
   * @example
   * ```ts
   * link.duplicate({ probability: 0.1, seed: 7 })
   * ```
   */
  duplicate(rule: MessageRule = {}): this {
    return this.act(this.duplicate, () => this.setRule("duplicate", rule))
  }

  /**
   * Holds back the messages the rule hits until the next message of the same
   * connection and direction has passed them (or for at most 100 ms, when
   * none comes: a REQ socket waits for its reply); a later call replaces the rule.
   *
   * @example
   * ```ts
   * link.reorder({ every: 2, direction: "upstream" }) // messages 1 2 3 4 arrive as 1 3 2 …
   * ```
   */
  reorder(rule: MessageRule = {}): this {
    return this.act(this.reorder, () => {
      if (this.hold) {
        throw new UsageError(
          `expected \`reorder(rule)\` on a link without \`schedule\`, got ${this.name}, whose order the explore() run decides. ` +
            "Leave reorder out: the run's schedule already tries the orders, and shrinks a failing one.",
        )
      }
      this.setRule("reorder", rule)
    })
  }

  /**
   * Removes every fault: the link forwards as it came, held connections
   * resume, new connections are accepted.
   *
   * @example
   * ```ts
   * link.clear()
   * ```
   */
  clear(): this {
    return this.act(this.clear, () => {
      this.faults.clear()
      for (const c of this.connections) c.resume()
      this.log.event("clear")
    })
  }

  /**
   * Closes the link: every connection (both sides), and the server, so its
   * port (or ipc path) is free. Idempotent; the test's end does it too.
   *
   * @example
   * ```ts
   * await link.close()
   * ```
   */
  close(): Promise<void> {
    this.closing ??= this.closeAll()
    return this.closing
  }

  /** `await using link = await faultyLink(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  private async closeAll(): Promise<void> {
    this.scope.remove(this)
    for (const c of [...this.connections]) c.close("the link closed")
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    await within(closed, CLOSE_BOUND_MS, { ref: false })
  }

  /** One line for hang reports: faults in force, connections, the last message each way. */
  describe(): string {
    const c = this.counters.connections
    const last = (d: Direction) => {
      const e = this.log.last[d]
      if (!e) return `nothing ${d}`
      const ago = Math.round(performance.timeOrigin + performance.now() - e.time)
      return `last ${d} ${renderFrames(e.frames ?? [])}${e.note ? ` (${e.note})` : ""} ${ago} ms ago`
    }
    return (
      `${this.name} (seed ${this.seed}): faults ${this.faults.describe()}; ` +
      `${c.open} open connection${c.open === 1 ? "" : "s"} (${c.accepted} accepted, ${c.refused} refused); ` +
      `${last("upstream")}; ${last("downstream")}` +
      (this.closing ? "; closed" : "")
    )
  }

  /** The link's lane in the test's artifacts: its messages each way and its events. */
  record(): ResourceRecord {
    return {
      kind: "link",
      name: this.name,
      endpoints: [`${this.endpoint} → ${this.target}`],
      entries: [...this.log.entries],
      ...(this.log.dropped > 0 ? { dropped: this.log.dropped } : {}),
    }
  }

  /** The link's transcript: messages each way, faults marked, events. */
  get transcript(): ResourceRecord["entries"] {
    return [...this.log.entries]
  }

  /** What the pipes report to. */
  private readonly host: PipeHost = {
    faults: this.faults,
    hold: undefined,
    random: () => this.random(),
    bytes: (direction, count) => {
      this.counters[direction].bytes += count
    },
    message: (direction, frames, notes, mark) => {
      this.counters[direction].messages++
      this.log.message(direction, frames, notes, mark)
    },
    subscription: (direction, name, topic) => {
      this.log.message(direction, [topic], [`${name} command`])
    },
    applied: (fault) => {
      this.counters.faults[fault]++
    },
    unreadable: (mechanism) => {
      const err = this.unreadable(mechanism)
      this.unreadableError ??= err
      this.log.event("unreadable", err.message)
      // The test is told: its waits fail with this error, and it fails at its end.
      this.scope.fail(err)
    },
  }

  private setRule(fault: "drop" | "duplicate" | "reorder", value: unknown): void {
    const rule = checkRule(fault, value)
    const opaque = [...this.connections].find((c) => !c.readable)
    if (opaque) throw this.unreadable(opaque.mechanism, fault)
    const active = new ActiveRule(fault, rule, rule.seed ?? this.seed)
    this.faults[fault] = active
    this.log.event(fault, active.describe())
  }

  private unreadable(mechanism: string | undefined, fault?: string): UnreadableStreamError {
    const asked =
      fault ??
      [
        ...[this.faults.drop, this.faults.duplicate, this.faults.reorder]
          .filter((r) => r !== undefined)
          .map((r) => r.describe()),
        ...(this.hold ? ["schedule (explore)"] : []),
      ].join(", ")
    return new UnreadableStreamError(
      `expected a ZeroMQ stream the link can read for \`${asked}\`, got a connection using ` +
        `${mechanism ?? "an unknown protocol"} (its frames are encrypted) on ${this.name} (seed ${this.seed}). ` +
        `Message-level faults (drop, duplicate, reorder)${this.hold ? " and explore()'s schedule" : ""} need the NULL or PLAIN mechanism; ` +
        "on CURVE use byte-level faults (delay, cut, blackhole, bandwidth).",
    )
  }

  /** Runs a fault method: refused after close, errors pointed at the caller. */
  private act(method: Function, body: () => void): this {
    try {
      if (this.closing) {
        throw new FaultyLinkError(
          `expected an open link, got ${this.name} (seed ${this.seed}) closed. Make a link per test (the test's end closes it).`,
        )
      }
      body()
    } catch (err) {
      throw new CallSite(method).apply(err as Error)
    }
    return this
  }

  private forget(connection: LinkConnection, why: string): void {
    if (!this.connections.delete(connection)) return
    this.counters.connections.open--
    if (!this.closing) this.log.event("disconnect", why)
  }
}
