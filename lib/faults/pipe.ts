import type { Socket } from "node:net"
import type { RecordMark } from "../timeline/record"
import type { Faults } from "./faults"
import { HeldQueue } from "./held"
import type { Random } from "./prng"
import type { Direction } from "./rules"
import type { MessageHold } from "./schedule"
import { ZmtpReader, type ZmtpUnit } from "./zmtp"

/**
 * How long a reordered message waits for the next message of its connection
 * and direction to overtake it, in ms. A REQ socket sends nothing more until
 * it has its reply, so a held request must go on alone at some point.
 */
export const REORDER_HOLD_MS = 100

/**
 * What a link holds, per direction of each connection, before it stops reading from the
 * sender: units waiting for their delay or the bandwidth, a held (reordered) message, and
 * bytes written that the receiver has not taken yet. Past it the link pauses its read of
 * the sender until it has room again (half of it), so the sender's own queue fills (its
 * high-water mark), as behind a slow network. The message being read (ZMTP is cut into
 * whole messages) and one chunk of the stream (64 KiB) come on top: see docs/faults.md.
 */
export const LINK_BUFFER_BYTES = 256 * 1024

/** What a pipe tells its link: the link keeps the stats and the transcript. */
export interface PipeHost {
  readonly faults: Faults
  /** The link's generator, for jitter. */
  readonly random: Random
  bytes(direction: Direction, count: number): void
  /** The schedule of an explore() run, when the link was given one: it holds every message. */
  hold?: MessageHold | undefined
  /** A message passed (or was hit: `notes` say how; `mark` marks it in reports). */
  message(
    direction: Direction,
    frames: readonly Buffer[],
    notes?: readonly string[],
    mark?: RecordMark,
  ): void
  /** A subscription passed (SUBSCRIBE or CANCEL, a command: never hit by message faults). */
  subscription(direction: Direction, name: string, topic: Buffer): void
  /** A fault hit a unit: `"dropped"`, `"duplicated"`, `"reordered"`, `"delayed"`. */
  applied(fault: "dropped" | "duplicated" | "reordered" | "delayed"): void
  /** A message-level fault met a stream it cannot read (CURVE). */
  unreadable(mechanism: string | undefined): void
}

/**
 * One direction of one connection through the link: reads the stream (ZMTP),
 * applies the faults in force to each unit, and writes what is left, when it
 * is due, to the other side. Order is kept (a byte stream cannot overtake
 * itself): a unit is never released before the one queued ahead of it.
 */
export class Pipe {
  private readonly reader = new ZmtpReader()
  private readonly queue: { raw: Buffer; at: number }[] = []
  /** Bytes in {@link queue} and {@link held}: waiting inside the link. */
  private waiting = 0
  /** Reading paused for a blackhole. */
  private stalled = false
  /** Reading paused because the link holds {@link LINK_BUFFER_BYTES}. */
  private full = false
  private timer: NodeJS.Timeout | undefined
  /** When the last queued unit is due (performance.now()). */
  private last = 0
  /** When the last unit has been "sent" at the bandwidth's rate (performance.now()). */
  private wireFree = 0
  private held: { raw: Buffer; timer: NodeJS.Timeout } | undefined
  private reported = false
  private stopped = false
  /** On a link given `schedule`: where its messages wait for their turn. */
  private readonly scheduled: HeldQueue | undefined

  constructor(
    readonly direction: Direction,
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly host: PipeHost,
    /** The link's connection this pipe is a direction of: 1 for the first accepted. */
    connection = 1,
  ) {
    from.on("data", (chunk: Buffer) => this.data(chunk))
    to.on("drain", () => this.regulate())
    if (host.hold) {
      this.scheduled = new HeldQueue(host.hold, connection, direction, {
        enqueue: (raw) => this.enqueue(raw),
        flush: () => this.flush(),
        message: (frames, note, mark) => host.message(direction, frames, [note], mark),
      })
    }
  }

  /**
   * Bytes the link holds in this direction now: waiting for a fault, written but not yet
   * taken by the receiver, and the part of a message read so far.
   */
  get buffered(): number {
    return this.holding + this.reader.pendingBytes
  }

  /** Bytes waiting inside the link or written and not taken yet (not the message being read). */
  private get holding(): number {
    return this.waiting + (this.scheduled?.bytes ?? 0) + this.to.writableLength
  }

  /** The mechanism the stream's greeting named (`"NULL"`, `"CURVE"`), once known. */
  get mechanism(): string | undefined {
    return this.reader.mechanism
  }

  /** False once the stream is known not to be readable (CURVE). */
  get readable(): boolean {
    return this.reader.readable
  }

  private data(chunk: Buffer): void {
    if (this.stopped) return
    const { host } = this
    host.bytes(this.direction, chunk.length)
    const units = this.reader.push(chunk)
    const faults = host.faults
    if (!this.reader.readable && (faults.messageLevel || this.scheduled) && !this.reported) {
      this.reported = true
      host.unreadable(this.reader.mechanism)
    }
    // Nothing to apply and nothing waiting: forward the chunk as it came (the fast path). Never
    // on a scheduled link: a chunk would overtake the units queued or held before it.
    if (
      !faults.active &&
      this.scheduled === undefined &&
      this.queue.length === 0 &&
      this.held === undefined
    ) {
      this.to.write(chunk)
      for (const unit of units) this.note(unit)
      this.regulate()
      return
    }
    for (const unit of units) this.unit(unit)
    this.flush()
  }

  /**
   * Backpressure: stops reading from the sender while the link holds more than
   * {@link LINK_BUFFER_BYTES} in this direction; reads again once it holds half of it (the
   * receiver took what was written: "drain", or a fault's queue went out).
   */
  private regulate(): void {
    const holding = this.holding
    if (!this.full && holding > LINK_BUFFER_BYTES) {
      this.full = true
      this.reading()
    } else if (this.full && holding <= LINK_BUFFER_BYTES / 2) {
      this.full = false
      this.reading()
    }
  }

  /** Reads from the sender unless a blackhole or a full buffer says not to. */
  private reading(): void {
    if (this.stopped) return
    if (this.stalled || this.full) this.from.pause()
    else this.from.resume()
  }

  /** Tells the link of a unit that passed as it came. */
  private note(unit: ZmtpUnit): void {
    if (unit.kind === "message") this.host.message(this.direction, unit.frames)
    else if (unit.kind === "command" && (unit.name === "SUBSCRIBE" || unit.name === "CANCEL"))
      this.host.subscription(this.direction, unit.name, unit.data)
  }

  private unit(unit: ZmtpUnit): void {
    if (unit.kind !== "message") {
      this.note(unit)
      // Behind a held message it waits with it; otherwise (the greeting, the handshake) it goes.
      if (!this.scheduled?.other(unit)) this.enqueue(unit.raw)
      return
    }
    const { host, direction } = this
    const { frames } = unit
    const faults = host.faults
    if (faults.drop?.decide(direction, frames)) {
      host.applied("dropped")
      host.message(direction, frames, [`dropped (${faults.drop.describe()})`], "dropped")
      return
    }
    const notes: string[] = []
    let copies = 1
    if (faults.duplicate?.decide(direction, frames)) {
      host.applied("duplicated")
      notes.push(`duplicated (${faults.duplicate.describe()})`)
      copies = 2
    }
    const raw = copies === 2 ? Buffer.concat([unit.raw, unit.raw]) : unit.raw
    if (this.scheduled) {
      // The schedule of the explore() run decides when it goes on (reorder is refused there).
      this.scheduled.message(raw, frames, notes)
      return
    }
    // Every message counts towards the rule; one that comes while another is held overtakes it.
    if (faults.reorder?.decide(direction, frames) && this.held === undefined) {
      host.applied("reordered")
      notes.push(`held back for the next message (${faults.reorder.describe()})`)
      host.message(direction, frames, notes, "reordered")
      const timer = setTimeout(() => this.release(), REORDER_HOLD_MS)
      this.held = { raw, timer }
      this.waiting += raw.length
      return
    }
    const slowed = faults.slows(direction)
    if (slowed) {
      host.applied("delayed")
      notes.push("delayed")
    }
    host.message(
      direction,
      frames,
      notes,
      copies === 2 ? "duplicated" : slowed ? "delayed" : undefined,
    )
    this.enqueue(raw)
    this.release()
  }

  /** Lets a held (reordered) message go, after whatever overtook it. */
  private release(): void {
    const held = this.held
    if (held === undefined) return
    this.held = undefined
    this.waiting -= held.raw.length
    clearTimeout(held.timer)
    this.enqueue(held.raw)
    this.flush()
  }

  private enqueue(raw: Buffer): void {
    const { host, direction } = this
    const now = performance.now()
    const faults = host.faults
    let at = now
    if (faults.slows(direction)) {
      // As on a wire: a unit is sent once the link is free (bandwidth), then travels (delay).
      const rate = faults[direction].rate
      let sent = now
      if (rate !== undefined) {
        sent = Math.max(now, this.wireFree) + (raw.length / rate) * 1000
        this.wireFree = sent
      }
      at = sent + faults.latency(direction, host.random)
    }
    at = Math.max(at, this.last)
    this.last = at
    this.queue.push({ raw, at })
    this.waiting += raw.length
  }

  /** Writes every unit that is due; sets a timer for the next one. */
  flush(): void {
    if (this.stopped || this.host.faults.blackhole) return
    const now = performance.now()
    while (this.queue.length > 0 && this.queue[0].at <= now + 0.5) {
      const { raw } = this.queue.shift()!
      this.waiting -= raw.length
      this.to.write(raw)
    }
    this.regulate()
    if (this.queue.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(
        () => {
          this.timer = undefined
          this.flush()
        },
        Math.max(1, Math.ceil(this.queue[0].at - now)),
      )
    }
  }

  /** Stops reading and releasing (blackhole): nothing goes through until {@link resume}. */
  pause(): void {
    this.stalled = true
    this.reading()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Reads and releases again after {@link pause}. */
  resume(): void {
    if (this.stopped) return
    this.stalled = false
    this.reading()
    this.flush()
  }

  /** Forgets what is queued and clears every timer: the connection is gone. */
  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.held) clearTimeout(this.held.timer)
    this.held = undefined
    this.queue.length = 0
    this.waiting = 0
    this.scheduled?.stop()
  }
}
