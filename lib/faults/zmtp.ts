/**
 * Reads a ZMTP 3.x stream (the wire protocol of ZeroMQ over tcp and ipc) as
 * it passes through a link, and cuts it into units a fault can act on: the
 * greeting (forwarded as its bytes come: peers exchange it piecewise, so
 * holding it back would stall the handshake), commands (READY, SUBSCRIBE,
 * PING…) and whole messages (every frame of a multi-part message together).
 *
 * Frame layout (rfc.zeromq.org/spec/23): a flags byte (bit 0 MORE, bit 1 LONG,
 * bit 2 COMMAND), a size of 1 byte, or 8 bytes big-endian when LONG, then the
 * body. The greeting is 64 bytes: signature (0xFF, 8 bytes, 0x7F), version
 * (major, minor), the mechanism name in 20 bytes, as-server, filler.
 *
 * With a mechanism other than NULL or PLAIN (CURVE), frames after the
 * handshake are encrypted inside MESSAGE commands: the stream is then
 * "unreadable" and passes as opaque bytes.
 */

/** What the reader cut from the stream. */
export type ZmtpUnit =
  | { readonly kind: "bytes"; readonly raw: Buffer }
  | {
      readonly kind: "command"
      readonly raw: Buffer
      readonly name: string
      /** What follows the name: for SUBSCRIBE and CANCEL, the topic. */
      readonly data: Buffer
    }
  | { readonly kind: "message"; readonly raw: Buffer; readonly frames: Buffer[] }

const GREETING = 64
const MORE = 0x01
const LONG = 0x02
const COMMAND = 0x04
/** Mechanisms whose messages travel in clear frames. */
const READABLE = new Set(["NULL", "PLAIN"])

/**
 * One direction of one connection. Feed it the bytes as they arrive
 * ({@link ZmtpReader.push}); it returns the units that are complete.
 *
 * @example
 * ```ts
 * const reader = new ZmtpReader()
 * for (const unit of reader.push(chunk)) if (unit.kind === "message") console.log(unit.frames)
 * ```
 */
export class ZmtpReader {
  /** The mechanism named in the greeting, once it has come (`"NULL"`, `"CURVE"`…). */
  mechanism: string | undefined
  /** The sender's socket type from its READY command (`"SUB"`, `"REQ"`…), once it has come. */
  socketType: string | undefined
  private greetingSeen = 0
  private readonly greeting = Buffer.alloc(GREETING)
  private opaque = false
  private pending: Buffer[] = []
  /** Bytes of a unit read so far and not complete yet (a message is cut whole). */
  pendingBytes = 0
  /** Bytes needed before parsing is worth trying again. */
  private need = 1

  /** False once the stream is known to be encrypted (or not ZMTP 3): units are then opaque bytes. */
  get readable(): boolean {
    return !this.opaque
  }

  /** Takes the next chunk of the stream; returns the units it completes, in order. */
  push(chunk: Buffer): ZmtpUnit[] {
    const units: ZmtpUnit[] = []
    let data = chunk
    if (this.greetingSeen < GREETING) {
      const take = Math.min(GREETING - this.greetingSeen, data.length)
      data.copy(this.greeting, this.greetingSeen, 0, take)
      this.greetingSeen += take
      units.push({ kind: "bytes", raw: data.subarray(0, take) })
      data = data.subarray(take)
      if (this.greetingSeen === GREETING) this.readGreeting()
      if (data.length === 0) return units
    }
    if (this.opaque) {
      units.push({ kind: "bytes", raw: data })
      return units
    }
    this.pending.push(data)
    this.pendingBytes += data.length
    if (this.pendingBytes < this.need) return units
    const buffer = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending)
    const used = this.parse(buffer, units)
    const rest = buffer.subarray(used)
    this.pending = rest.length > 0 ? [rest] : []
    this.pendingBytes = rest.length
    return units
  }

  /**
   * ZMTP 3.0 sends a SUB's subscriptions as one-frame messages starting with
   * 1 (subscribe) or 0 (cancel): they are commands in spirit (3.1 makes them
   * SUBSCRIBE and CANCEL commands), so faults pass them untouched.
   */
  private subscription(frames: Buffer[]): string | undefined {
    if (frames.length !== 1 || (this.socketType !== "SUB" && this.socketType !== "XSUB"))
      return undefined
    const first = frames[0][0]
    return first === 1 ? "SUBSCRIBE" : first === 0 ? "CANCEL" : undefined
  }

  private readGreeting(): void {
    const g = this.greeting
    if (g[0] !== 0xff || g[9] !== 0x7f || g[10] < 3) {
      this.opaque = true
      return
    }
    this.mechanism = g.toString("latin1", 12, 32).replace(/\0+$/, "")
    if (!READABLE.has(this.mechanism)) this.opaque = true
  }

  /** Cuts whole commands and messages from `buffer`; returns how many bytes were used. */
  private parse(buffer: Buffer, units: ZmtpUnit[]): number {
    let start = 0
    for (;;) {
      // One unit: a command, or the frames of one message up to the one without MORE.
      let at = start
      const frames: Buffer[] = []
      for (;;) {
        const frame = readFrame(buffer, at)
        if (typeof frame === "number") {
          this.need = frame - start
          return start
        }
        at = frame.end
        if (frame.flags & COMMAND) {
          // A command between frames of a message breaks the protocol; take it as it comes.
          const size = frame.body.length > 0 ? frame.body[0] : 0
          const name = frame.body.toString("latin1", 1, 1 + size)
          if (name === "READY")
            this.socketType = readyProperty(frame.body.subarray(1 + size), "Socket-Type")
          const data = frame.body.subarray(1 + size)
          units.push({ kind: "command", raw: buffer.subarray(start, at), name, data })
          break
        }
        frames.push(frame.body)
        if (!(frame.flags & MORE)) {
          const raw = buffer.subarray(start, at)
          const subscription = this.subscription(frames)
          if (subscription)
            units.push({ kind: "command", raw, name: subscription, data: frames[0].subarray(1) })
          else units.push({ kind: "message", raw, frames })
          break
        }
      }
      start = at
      this.need = 1
      if (start >= buffer.length) return start
    }
  }
}

/**
 * The value of one property of a READY command's metadata (name-length byte,
 * name, value-length in 4 bytes big-endian, value), or undefined.
 */
function readyProperty(metadata: Buffer, wanted: string): string | undefined {
  let at = 0
  while (at < metadata.length) {
    const nameLength = metadata[at]
    const name = metadata.toString("latin1", at + 1, at + 1 + nameLength)
    at += 1 + nameLength
    if (at + 4 > metadata.length) return undefined
    const valueLength = metadata.readUInt32BE(at)
    at += 4
    if (name.toLowerCase() === wanted.toLowerCase())
      return metadata.toString("latin1", at, at + valueLength)
    at += valueLength
  }
  return undefined
}

/** The frame at `at`, or the total length `buffer` must reach before it can be read. */
function readFrame(
  buffer: Buffer,
  at: number,
): { flags: number; body: Buffer; end: number } | number {
  if (buffer.length < at + 1) return at + 1
  const flags = buffer[at]
  const head = flags & LONG ? 9 : 2
  if (buffer.length < at + head) return at + head
  const size = flags & LONG ? Number(buffer.readBigUInt64BE(at + 1)) : buffer[at + 1]
  const end = at + head + size
  if (buffer.length < end) return end
  return { flags, body: buffer.subarray(at + head, end), end }
}
