import type { FrameLike } from "../frames/frames"

/**
 * What a {@link ReplyRewrite} is told about the message it rewrites.
 *
 * @example
 * ```ts
 * const rewrite: ReplyRewrite = (frames, { request }) => (request ? [request[0], ...frames.slice(1)] : frames)
 * ```
 */
export interface RewriteContext {
  /** The cassette channel of the message. */
  readonly channel: string
  /**
   * The live request it answers (request/reply channels), or for a stream
   * message the last live request replayed on any channel of the cassette
   * before it; undefined when none came yet.
   */
  readonly request: readonly Buffer[] | undefined
  /** The recorded request that `request` matched. */
  readonly recordedRequest: readonly Buffer[] | undefined
}

/**
 * Builds a replayed message from the recorded one: returns the frames to
 * send. Runs after the values that differ between the recorded and the live
 * request (where the normalisers masked them: ids, dates, sessions) were
 * already carried into the message, so it is left with what must be
 * computed, such as an HMAC signature.
 *
 * @example
 * ```ts
 * const resign: ReplyRewrite = (frames) => {
 *   const at = frames.findIndex((f) => f.toString() === "<IDS|MSG>")
 *   const hmac = createHmac("sha256", key)
 *   for (const f of frames.slice(at + 2, at + 6)) hmac.update(f)
 *   return frames.map((f, i) => (i === at + 1 ? hmac.digest("hex") : f))
 * }
 * ```
 */
export type ReplyRewrite = (
  frames: Buffer[],
  context: RewriteContext,
) => readonly FrameLike[] | Promise<readonly FrameLike[]>

/** Values shorter than this are not carried: replacing "1" everywhere would do harm. */
const MIN_CARRIED = 6

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Adds to `pairs` every string leaf where `recorded` and `live` differ, at the same place. */
function walk(recorded: unknown, live: unknown, pairs: Map<string, string>): void {
  if (typeof recorded === "string" && typeof live === "string") {
    if (recorded !== live && recorded.length >= MIN_CARRIED) pairs.set(recorded, live)
    return
  }
  if (
    typeof recorded !== "object" ||
    recorded === null ||
    typeof live !== "object" ||
    live === null
  )
    return
  for (const key of Object.keys(recorded)) {
    walk((recorded as Record<string, unknown>)[key], (live as Record<string, unknown>)[key], pairs)
  }
}

/**
 * The values that differ between a recorded request and the live one that
 * matched it (the parts the normalisers masked): recorded value → live value.
 * A reply that quotes the request (a request id, its date, a session) gets
 * the live values through {@link carry}.
 */
export function differingValues(
  recorded: readonly Buffer[],
  live: readonly Buffer[],
  pairs: Map<string, string> = new Map(),
): Map<string, string> {
  for (let i = 0; i < Math.min(recorded.length, live.length); i++) {
    if (recorded[i].equals(live[i])) continue
    const r = recorded[i].toString("utf8")
    const l = live[i].toString("utf8")
    const rj = parse(r)
    const lj = parse(l)
    if (typeof rj === "object" && rj !== null && typeof lj === "object" && lj !== null)
      walk(rj, lj, pairs)
    else walk(r, l, pairs)
  }
  return pairs
}

/** Replaces, in every text frame, each recorded value of `pairs` with its live value. */
export function carry(frames: readonly Buffer[], pairs: ReadonlyMap<string, string>): Buffer[] {
  if (pairs.size === 0) return [...frames]
  return frames.map((frame) => {
    let text = frame.toString("utf8")
    if (Buffer.byteLength(text) !== frame.length) return frame // binary: left alone
    let changed = false
    for (const [from, to] of pairs) {
      // Inside JSON, a value appears escaped: replace that form.
      const f = JSON.stringify(from).slice(1, -1)
      if (text.includes(f)) {
        text = text.split(f).join(JSON.stringify(to).slice(1, -1))
        changed = true
      }
    }
    return changed ? Buffer.from(text, "utf8") : frame
  })
}
