import { isPrintableText, renderFrame } from "../frames/frames"

/** Bytes of one frame kept in artifacts; the rest is cut, and the cut counted. */
export const MAX_FRAME_BYTES = 64 * 1024

/**
 * One frame as the artifacts keep it: UTF-8 text as text, anything else as base64; `size` is
 * the frame's length in bytes, `cut` how many bytes were left out past {@link MAX_FRAME_BYTES}.
 */
export type FrameOut = ({ text: string } | { base64: string }) & { size: number; cut?: number }

/**
 * A frame for transcript.jsonl and report.html.
 *
 * @example
 * ```ts
 * frameOut(Buffer.from("ping")) // { text: "ping", size: 4 }
 * frameOut(Buffer.from([0, 1]))  // { base64: "AAE=", size: 2 }
 * ```
 */
export function frameOut(frame: Buffer): FrameOut {
  const size = frame.length
  const kept = size > MAX_FRAME_BYTES ? frame.subarray(0, MAX_FRAME_BYTES) : frame
  const cut = size - kept.length
  const text = kept.toString("utf8")
  // Text only when it comes back byte for byte (a cut may split a character: then base64).
  const isText = isPrintableText(text) && Buffer.byteLength(text) === kept.length
  const out: FrameOut = isText ? { text, size } : { base64: kept.toString("base64"), size }
  if (cut > 0) out.cut = cut
  return out
}

/** Characters of a frame preview on an arrow. */
const PREVIEW_CHARS = 60

/**
 * A short preview of a message for the label of its arrow: its frames as failure messages show
 * them, cut to a few dozen characters.
 *
 * @example
 * ```ts
 * preview([Buffer.from('["ping",1]')]) // '["ping",1]'
 * ```
 */
export function preview(frames: readonly Buffer[]): string {
  const parts: string[] = []
  let length = 0
  for (const frame of frames) {
    const shown = renderFrame(frame.length > 256 ? frame.subarray(0, 256) : frame)
    parts.push(shown)
    length += shown.length + 3
    if (length > PREVIEW_CHARS) break
  }
  const text = parts.join(" | ")
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text
}
