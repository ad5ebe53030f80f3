import type { RecordMark } from "../timeline/record"
import type { Direction } from "./rules"
import type { HeldMessage, MessageHold } from "./schedule"
import type { ZmtpUnit } from "./zmtp"

/** What a pipe gives its held queue: where released bytes go, and its transcript. */
export interface HeldQueueOutlet {
  /** Puts bytes on the pipe's ordered write path (after what is queued; faults apply). */
  enqueue(raw: Buffer): void
  /** Writes what is due. */
  flush(): void
  /** Notes a released message in the link's transcript. */
  message(frames: readonly Buffer[], note: string, mark: RecordMark): void
}

/** Commands that keep a connection alive: they do not make a link busy. */
const HEARTBEATS = new Set(["PING", "PONG"])

/**
 * The scheduled side of one pipe (one connection, one direction) of a link given
 * `schedule`: each whole message is handed to the schedule and waits for its release;
 * a command that comes after a held message (a subscription) waits behind it, so the
 * stream keeps its own order, except heartbeats, which pass at once. Nothing is held before
 * the first message: the greeting and the handshake pass at once, as the peers need.
 */
export class HeldQueue {
  /** The newest message handed to the schedule and not released yet: what comes next waits behind it. */
  private last: { followers: Buffer[] } | undefined
  /** Bytes held (messages and what follows them), for the link's bound. */
  bytes = 0

  constructor(
    private readonly hold: MessageHold,
    private readonly connection: number,
    private readonly direction: Direction,
    private readonly outlet: HeldQueueOutlet,
  ) {}

  /** Holds a message until the schedule releases it; `notes` (a fault that hit it) go with it. */
  message(raw: Buffer, frames: readonly Buffer[], notes: readonly string[]): void {
    const entry = { followers: [] as Buffer[] }
    this.last = entry
    this.bytes += raw.length
    let released = false
    const message: HeldMessage = {
      link: this.hold.linkName,
      linkIndex: this.hold.linkIndex,
      connection: this.connection,
      direction: this.direction,
      frames,
      queue: this,
      release: (note, mark) => {
        if (released) return
        released = true
        if (this.last === entry) this.last = undefined
        this.bytes -= raw.length
        this.outlet.message(frames, [...notes, note].join("; "), mark)
        this.outlet.enqueue(raw)
        for (const follower of entry.followers) {
          this.bytes -= follower.length
          this.outlet.enqueue(follower)
        }
        this.outlet.flush()
      },
    }
    this.hold.hold(message)
  }

  /**
   * Takes a unit that is not a message: true when it waits behind a held message (it goes
   * on with it), false when nothing is held and it may pass now.
   */
  other(unit: ZmtpUnit): boolean {
    // A heartbeat is never held, not even behind a held message (it overtakes it, as if that
    // message had been sent after it): a peer with ZMQ_HEARTBEAT_TIMEOUT would drop a
    // connection whose PINGs wait for the schedule. Nor does it make the links busy.
    if (unit.kind === "command" && HEARTBEATS.has(unit.name)) return false
    this.hold.activity()
    if (this.last === undefined) return false
    this.last.followers.push(unit.raw)
    this.bytes += unit.raw.length
    return true
  }

  /** The connection is gone: the schedule forgets what it held. */
  stop(): void {
    this.hold.forget(this)
    this.last = undefined
    this.bytes = 0
  }
}
