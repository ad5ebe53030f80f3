import { JsonDecodeError, UsageError } from "../errors"
import { describeValue } from "../util/describe-value"
import { jsonLoss } from "./json-loss"

/** What a frame may be given as: text (sent as UTF-8), a Buffer, or any typed array. */
export type FrameLike = string | Buffer | ArrayBufferView | ArrayBuffer

/**
 * Says of one frame of a received message whether it is JSON: its index, the
 * whole message and the frame itself are given.
 *
 * @example
 * ```ts
 * // Jupyter's wire protocol: the four frames after the signature are JSON.
 * const jupyter: JsonFramePredicate = (_frame, index, frames) =>
 *   index > frames.findIndex((f) => f.toString() === "<IDS|MSG>") + 1 && index <= frames.length - 1
 * ```
 */
export type JsonFramePredicate = (
  frame: Buffer,
  index: number,
  frames: readonly Buffer[],
) => boolean

/**
 * Which frames of a message are JSON: an index (negative counts from the end,
 * `-1` is the last), a list of indexes (e.g. `[-4, -3, -2, -1]` for the four
 * JSON frames of Jupyter's wire protocol), a predicate, or `false` for none.
 *
 * @example
 * ```ts
 * const shell = await socket("dealer", { connect, json: [-4, -3, -2, -1] })
 * ```
 */
export type JsonFrame = number | false | readonly number[] | JsonFramePredicate

/**
 * Checks a `json` option (of `socket()`, `recv()` or `receive()`) and returns
 * it; `undefined` stays `undefined`. `name` is the option as the user wrote it.
 *
 * @example
 * ```ts
 * const json = checkJsonFrame("socket({ json })", options.json) ?? -1
 * ```
 */
export function checkJsonFrame(name: string, value: unknown): JsonFrame | undefined {
  if (value === undefined || value === false || typeof value === "function") {
    return value as JsonFrame | undefined
  }
  if (Number.isSafeInteger(value)) return value as number
  if (Array.isArray(value) && value.every((i) => Number.isSafeInteger(i))) return value
  throw new UsageError(
    `expected \`${name}\` to be a frame index (-1 for the last frame), a list of indexes, ` +
      `a function (frame, index, frames) => boolean, or false, got ${describeValue(value)}.`,
  )
}

/** Turns a frame given by the user into a Buffer, without copying where it can. */
export function toFrame(frame: FrameLike, where: string): Buffer {
  if (Buffer.isBuffer(frame)) return frame
  if (typeof frame === "string") return Buffer.from(frame, "utf8")
  if (ArrayBuffer.isView(frame))
    return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
  if (frame instanceof ArrayBuffer) return Buffer.from(frame)
  throw new UsageError(
    `expected every frame of ${where} to be a string, a Buffer or a typed array, got ${describeValue(frame)}. ` +
      "Put values that should be JSON in the body (the middle argument of send).",
  )
}

/** Turns a frame list given by the user into Buffers. */
export function toFrames(frames: readonly FrameLike[] | undefined, where: string): Buffer[] {
  if (frames === undefined) return []
  if (!Array.isArray(frames)) {
    throw new UsageError(`expected ${where} to be a list of frames, got ${describeValue(frames)}.`)
  }
  return frames.map((f) => toFrame(f, where))
}

/**
 * Turns the frames of one whole message into Buffers: a frame list (see {@link toFrames})
 * that holds at least one frame, for zeromq sends an empty list as nothing at all.
 *
 * @param where what the frames are, for a bad frame's message: "the message"
 * @param call how the user gave the frames, for an empty list's message: "sendFrames(frames)"
 * @example
 * ```ts
 * toMessage(["", "QUIT"], "the message", "sendFrames(frames)") // [<Buffer >, <Buffer 51 55 49 54>]
 * toMessage([], "the message", "sendFrames(frames)") // UsageError: … a ZeroMQ message has at least one frame …
 * ```
 */
export function toMessage(
  frames: readonly FrameLike[] | undefined,
  where: string,
  call: string,
): Buffer[] {
  const out = toFrames(frames, where)
  if (out.length === 0) {
    throw new UsageError(
      `expected at least one frame in ${call}, got an empty list: a ZeroMQ message has at least one frame, ` +
        'and zeromq would send nothing at all. Pass the frames to send ("" is one empty frame), ' +
        "or send() a JSON body.",
    )
  }
  return out
}

/**
 * JSON-encodes a message body into one frame. A body that JSON cannot carry as it is (a cycle,
 * a BigInt, or a value JSON would silently change: NaN, a Map, a Symbol in a list; see
 * {@link jsonLoss}) is refused with a `UsageError` naming the path: the frame sent must be the
 * body the test wrote.
 */
export function encodeBody(body: unknown): Buffer {
  let text: string | undefined
  try {
    text = JSON.stringify(body)
  } catch (cause) {
    // A cycle or a BigInt: JSON.stringify's TypeError does not say where; find the path.
    const problem = jsonLoss(body, "body")
    throw new UsageError(
      `expected a body that JSON can encode, got ${problem ?? (cause as Error).message}. ` +
        "Send plain data (convert a BigInt to a string or number, break the cycle), or frames as they are with sendFrames().",
      { cause },
    )
  }
  if (text === undefined) {
    throw new UsageError(
      `expected a body that JSON can encode, got ${describeValue(body)}. Send frames as they are with sendFrames().`,
    )
  }
  // A number or a string body is sent as it is (NaN alone became "null" above: check it too).
  if ((typeof body === "object" && body !== null) || text === "null") {
    const loss = jsonLoss(body, "body")
    if (loss) {
      throw new UsageError(
        `expected a body that JSON carries as it is, got ${loss}. ` +
          "Send plain data: null, a number or a string for NaN and Infinity, Object.fromEntries(map) " +
          "for a Map, [...set] for a Set; or frames as they are with sendFrames().",
      )
    }
  }
  return Buffer.from(text, "utf8")
}

/**
 * Decodes the chosen frame(s) of a received message from JSON; the other
 * frames stay Buffers. A frame that is not JSON gets a `JsonDecodeError`
 * that names its index and shows it.
 *
 * @example
 * ```ts
 * decodeMessage([Buffer.from("id"), Buffer.from("[1]")], -1, sock) // [<Buffer 69 64>, [1]]
 * ```
 */
export function decodeMessage(
  frames: Buffer[],
  json: JsonFrame,
  socket: { readonly name: string },
): unknown[] {
  // The socket, not its name: the name is built only for an error (this runs on every message).
  // A new array of this module's realm, not zeromq's: under Jest the test file's realm is this
  // module's, and node:assert's deepStrictEqual compares the prototypes of the arrays.
  const message: unknown[] = Array.from(frames)
  if (json === false) return message
  if (typeof json === "number") {
    decodeAt(frames, message, json, socket)
  } else if (Array.isArray(json)) {
    for (const index of json as readonly number[]) decodeAt(frames, message, index, socket)
  } else if (typeof json === "function") {
    for (let i = 0; i < frames.length; i++) {
      if (json(frames[i], i, frames)) decodeAt(frames, message, i, socket)
    }
  } else {
    checkJsonFrame("json", json)
  }
  return message
}

/** Decodes frame `json` (an index, negative from the end) into `message`. */
function decodeAt(
  frames: Buffer[],
  message: unknown[],
  json: number,
  socket: { readonly name: string },
): void {
  if (!Number.isSafeInteger(json)) checkJsonFrame("json", [json])
  const index = json < 0 ? frames.length + json : json
  if (index < 0 || index >= frames.length) {
    throw new JsonDecodeError(
      Buffer.alloc(0),
      `expected frame ${json} of the message on ${socket.name} to be JSON, got a message of ${frames.length} frame(s): ` +
        `${renderFrames(frames)}. Choose another frame with the \`json\` option, or \`json: false\`.`,
    )
  }
  const frame = frames[index]
  try {
    message[index] = JSON.parse(frame.toString("utf8"))
  } catch (cause) {
    throw new JsonDecodeError(
      frame,
      `expected frame ${index} of the message on ${socket.name} to be JSON, got ${renderFrame(frame)}. ` +
        "Receive it with `{ json: false }` to get the raw frames, or choose the JSON frame with `json: <index>`.",
      { cause },
    )
  }
}

const MAX_SHOWN = 120

/** A frame as text for messages and transcripts: JSON-quoted text, or hex for binary. */
export function renderFrame(frame: Buffer): string {
  if (frame.length === 0) return '""'
  const text = frame.toString("utf8")
  if (isPrintableText(text)) {
    const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text
    const suffix = text.length > MAX_SHOWN ? ` (${frame.length} bytes)` : ""
    return (looksLikeJson(text) ? shown : JSON.stringify(shown)) + suffix
  }
  const hex = frame
    .subarray(0, 32)
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ")
  return `<${frame.length} bytes: ${hex}${frame.length > 32 ? " …" : ""}>`
}

/** True when decoded text has no control characters and no invalid UTF-8. */
export function isPrintableText(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)
}

/** A whole message as text: `[frame, frame, …]`. */
export function renderFrames(frames: readonly Buffer[]): string {
  return `[${frames.map(renderFrame).join(", ")}]`
}

function looksLikeJson(text: string): boolean {
  const first = text[0]
  if (first !== "[" && first !== "{" && first !== '"') return false
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

export { describeValue }
