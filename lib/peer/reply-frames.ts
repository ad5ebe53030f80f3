import { PeerReplyError } from "../errors"
import { describeValue } from "../frames/frames"

/**
 * One frame of a reply (or of a message a peer publishes): a string is sent as its UTF-8
 * text, a Buffer or typed array as its bytes, and any other value (number, boolean, null,
 * object, array) as one JSON frame: the mirror of how `receive` matches frames.
 *
 * @example
 * ```ts
 * const reply: ReplyFrame[] = ["value", 42, { unit: "ms" }, Buffer.from([1, 2])]
 * ```
 */
export type ReplyFrame =
  | string
  | number
  | boolean
  | null
  | Buffer
  | ArrayBufferView
  | ArrayBuffer
  | readonly unknown[]
  | { readonly [key: string]: unknown }

/**
 * What in `value` JSON cannot carry faithfully: a function or symbol (dropped silently by
 * `JSON.stringify`), a BigInt, a cycle; undefined when it can be encoded.
 */
function problemIn(value: unknown, path: string, ancestors: readonly object[]): string | undefined {
  if (typeof value === "bigint") return `a BigInt (${value}n) at ${path}`
  if (typeof value === "function") return `${describeValue(value)} at ${path}`
  if (typeof value === "symbol") return `a symbol at ${path}`
  if (typeof value !== "object" || value === null) return undefined
  // A Date, or a class with toJSON: JSON encodes what toJSON gives.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined
  if (ancestors.includes(value)) return `a cycle at ${path}`
  const inner = [...ancestors, value]
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value)
      ? `${path}[${key}]`
      : /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`
    const found = problemIn(child, at, inner)
    if (found) return found
  }
  return undefined
}

function encodeFrame(frame: unknown, index: number, where: string): Buffer {
  if (typeof frame === "string") return Buffer.from(frame, "utf8")
  if (Buffer.isBuffer(frame)) return frame
  if (ArrayBuffer.isView(frame))
    return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
  if (frame instanceof ArrayBuffer) return Buffer.from(frame)
  const problem =
    frame === undefined ? `undefined at frame ${index}` : problemIn(frame, `frame ${index}`, [])
  if (problem) {
    throw new PeerReplyError(
      `expected ${where} to be frames that can be sent (strings, Buffers, or JSON values), got ${problem}. ` +
        "Reply with plain data (a BigInt as a string or number, no functions, no cycles), or with Buffers you encode yourself.",
    )
  }
  return Buffer.from(JSON.stringify(frame), "utf8")
}

/**
 * Encodes reply frames given by the user (see {@link ReplyFrame}); a list that cannot be sent
 * is a `PeerReplyError` that names the frame and the path of the problem.
 *
 * @param where what the frames are, for the message: `the reply of .on(["ping"])`
 * @example
 * ```ts
 * encodeReply(["pong", 1], "the reply") // [<Buffer 70 6f 6e 67>, <Buffer 31>]
 * ```
 */
export function encodeReply(frames: unknown, where: string): Buffer[] {
  if (!Array.isArray(frames)) {
    throw new PeerReplyError(
      `expected ${where} to be a list of frames, e.g. ["pong", 1], got ${describeValue(frames)}. ` +
        "Put the frames in an array (one element per frame), or return undefined from a reply function to send nothing.",
    )
  }
  if (frames.length === 0) {
    throw new PeerReplyError(
      `expected ${where} to hold at least one frame, got an empty list: a ZeroMQ message has at least one frame, ` +
        'and zeromq would send nothing at all. Give the frames to send ("" is one empty frame)' +
        (where.includes("reply")
          ? "; to send nothing, use .noReply() (or return undefined from a reply function)."
          : "."),
    )
  }
  const out = new Array<Buffer>(frames.length)
  for (let i = 0; i < frames.length; i++) out[i] = encodeFrame(frames[i], i, where)
  return out
}
