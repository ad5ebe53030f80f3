import { JsonDecodeError, UsageError } from "../errors"

/** What a frame may be given as: text (sent as UTF-8), a Buffer, or any typed array. */
export type FrameLike = string | Buffer | ArrayBufferView | ArrayBuffer

/** Which frame of a message is JSON: an index (negative counts from the end), or `false` for none. */
export type JsonFrame = number | false

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

/** JSON-encodes a message body into one frame. */
export function encodeBody(body: unknown): Buffer {
  const text = JSON.stringify(body)
  if (text === undefined) {
    throw new UsageError(
      `expected a body that JSON can encode, got ${describeValue(body)}. Send frames as they are with sendFrames().`,
    )
  }
  return Buffer.from(text, "utf8")
}

/**
 * Decodes the chosen frame of a received message from JSON; the other frames
 * stay Buffers. A frame that is not JSON gets an error that shows it.
 */
export function decodeMessage(
  frames: Buffer[],
  json: JsonFrame,
  socket: { readonly name: string },
): unknown[] {
  // The socket, not its name: the name is built only for an error (this runs on every message).
  if (json === false) return frames
  const index = json < 0 ? frames.length + json : json
  const message: unknown[] = frames.slice()
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
  return message
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

/** A short description of any value, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null"
  if (value === undefined) return "undefined"
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`
  if (typeof value === "object")
    return `${value.constructor?.name ?? "an object"} ${safeJson(value)}`
  return `${typeof value} ${safeJson(value)}`
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? text.slice(0, 80) + "…" : text
  } catch {
    return String(value)
  }
}
