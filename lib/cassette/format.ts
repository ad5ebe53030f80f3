import { isPrintableText } from "../frames/frames"
import type { SocketType } from "../socket/types"

/**
 * The cassette format: a recorded conversation as readable, diff-friendly
 * JSON. One cassette holds one or more channels (the shell, iopub and
 * control sockets of a Jupyter kernel, say) and every message that crossed
 * them, in the order it crossed, on one clock, so a replay can keep the
 * order between channels (an iopub message that followed a shell request).
 */

/** The version of the cassette format this code reads and writes. */
export const CASSETTE_VERSION = 1

/** The value of `format` in every cassette, to tell one from any other JSON file. */
export const CASSETTE_FORMAT = "zmq-harness cassette"

/**
 * One frame as stored: a string for a frame that is printable UTF-8 text (it
 * round-trips byte for byte), `{ base64 }` for any other.
 *
 * @example
 * ```ts
 * const frames: CassetteFrame[] = ["<IDS|MSG>", { base64: "AAEC" }]
 * ```
 */
export type CassetteFrame = string | { readonly base64: string }

/**
 * One channel of a cassette: a socket of the process under test and the peer
 * it talked to.
 *
 * @example
 * ```ts
 * const shell: CassetteChannel = { type: "dealer", peer: "router", target: "tcp://127.0.0.1:5555" }
 * ```
 */
export interface CassetteChannel {
  /** The socket type of the process under test on this channel (`record({ type })`). */
  readonly type: SocketType
  /** The socket type that stands for the real peer when the cassette is replayed. */
  readonly peer: SocketType
  /** The real peer's endpoint when it was recorded (for people; a replay never connects to it). */
  readonly target: string
}

/**
 * One message of a cassette.
 *
 * @example
 * ```ts
 * const m: CassetteMessage = { channel: "shell", direction: "upstream", at: 12.5, frames: ["ping"] }
 * ```
 */
export interface CassetteMessage {
  /** The channel it crossed (a key of {@link Cassette.channels}). */
  readonly channel: string
  /** `"upstream"`: from the process under test to the peer (a request); `"downstream"`: back. */
  readonly direction: "upstream" | "downstream"
  /** ms since the recording started, on one clock for every channel. */
  readonly at: number
  /**
   * The frames as the peer's application sees them: without the routing id
   * that a ROUTER adds, and without the empty delimiter of REQ/REP.
   */
  readonly frames: readonly CassetteFrame[]
}

/**
 * A cassette file's content.
 *
 * @example
 * ```ts
 * const empty: Cassette = { format: CASSETTE_FORMAT, version: 1, name: "x", recorded: "2026-01-01T00:00:00.000Z", channels: {}, messages: [] }
 * ```
 */
export interface Cassette {
  readonly format: typeof CASSETTE_FORMAT
  readonly version: number
  /** The name given to `record()`. */
  readonly name: string
  /** When it was recorded (ISO 8601). */
  readonly recorded: string
  readonly channels: Readonly<Record<string, CassetteChannel>>
  /** Oldest first. */
  readonly messages: readonly CassetteMessage[]
}

/**
 * A frame as stored: text when it is printable UTF-8 that encodes back to the
 * same bytes, base64 otherwise.
 *
 * @example
 * ```ts
 * encodeFrame(Buffer.from("ping")) // "ping"
 * encodeFrame(Buffer.from([0, 1])) // { base64: "AAE=" }
 * ```
 */
export function encodeFrame(frame: Buffer): CassetteFrame {
  const text = frame.toString("utf8")
  if (isPrintableText(text) && Buffer.byteLength(text) === frame.length) return text
  return { base64: frame.toString("base64") }
}

/**
 * A stored frame back as bytes.
 *
 * @example
 * ```ts
 * decodeFrame({ base64: "AAE=" }) // <Buffer 00 01>
 * ```
 */
export function decodeFrame(frame: CassetteFrame): Buffer {
  return typeof frame === "string"
    ? Buffer.from(frame, "utf8")
    : Buffer.from(frame.base64, "base64")
}

/**
 * The cassette as text: two-space JSON, one message per block, ending in a
 * newline, so a re-recording diffs line by line.
 *
 * @example
 * ```ts
 * fs.writeFileSync(file, cassetteText(cassette))
 * ```
 */
export function cassetteText(cassette: Cassette): string {
  return JSON.stringify(cassette, null, 2) + "\n"
}
