import { UsageError } from "../errors"
import { frameView } from "../match/match"
import { describeValue } from "../frames/frames"

/**
 * A frame as a normaliser sees it: text for a printable UTF-8 frame, the
 * Buffer itself for a binary one (a routing id, a raw signature).
 *
 * @example
 * ```ts
 * const views: FrameView[] = ["<IDS|MSG>", Buffer.from([0, 1])]
 * ```
 */
export type FrameView = string | Buffer

/**
 * Masks what varies between runs in a message, so that a live request can be
 * matched to a recorded one: takes the frames, returns them with the varying
 * parts replaced by a fixed placeholder. Both the recorded and the live
 * request go through the same normalisers before they are compared.
 *
 * @example
 * ```ts
 * const dropTraceId: CassetteNormalizer = (frames) => frames.map((f) => (typeof f === "string" ? f.replace(/trace=\w+/, "trace=<id>") : f))
 * ```
 */
export type CassetteNormalizer = (frames: readonly FrameView[]) => readonly FrameView[]

/** Replaces the value of every key in `keys`, at any depth, with `"<key>"`. */
function maskKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => maskKeys(v, keys))
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, keys.has(k) ? `<${k}>` : maskKeys(v, keys)]),
  )
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = text.trimStart()[0]
  if (first !== "{" && first !== "[") return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

function textOnly(fn: (text: string) => string): CassetteNormalizer {
  return (frames) => frames.map((f) => (typeof f === "string" ? fn(f) : f))
}

/**
 * The normalisers zmq-harness provides for cassettes.
 *
 * @example
 * ```ts
 * const fake = await replay("kernel", { bind, normalize: [cassetteNormalizers.jupyter] })
 * const other = await replay("prices", { bind, normalize: [cassetteNormalizers.jsonKeys("id", "ts")] })
 * ```
 */
export const cassetteNormalizers = {
  /** In every JSON frame (object or array), the values of these keys, at any depth, become `"<key>"`. */
  jsonKeys(...keys: string[]): CassetteNormalizer {
    if (keys.length === 0 || !keys.every((k) => typeof k === "string")) {
      throw new UsageError(
        `expected cassetteNormalizers.jsonKeys() to get key names, got ${describeValue(keys)}.`,
      )
    }
    const set = new Set(keys)
    return textOnly((text) => {
      const parsed = parseJson(text)
      return parsed.ok ? JSON.stringify(maskKeys(parsed.value, set)) : text
    })
  },
  /** The frame right after the one whose text is `marker` becomes `placeholder` (a signature after a delimiter). */
  frameAfter(marker: string, placeholder = "<masked>"): CassetteNormalizer {
    return (frames) => {
      const at = frames.findIndex((f) => typeof f === "string" && f === marker)
      return at < 0 || at + 1 >= frames.length
        ? frames
        : frames.map((f, i) => (i === at + 1 ? placeholder : f))
    }
  },
  /** In every text frame, what `pattern` matches becomes `replacement` (String.replace; use the g flag for all). */
  replace(pattern: RegExp, replacement: string): CassetteNormalizer {
    return textOnly((text) => text.replace(pattern, replacement))
  },
  /** `host:port` and `:port` numbers in text frames become `<port>`. */
  ports: textOnly((text) => text.replace(/(?<=[\w\]]:)\d{2,5}\b/g, "<port>")),
  /** ISO 8601 date-times in text frames become `<time>`. */
  timestamps: textOnly((text) =>
    text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, "<time>"),
  ),
  /** UUIDs (any version, with or without dashes in the usual places) in text frames become `<uuid>`. */
  uuids: textOnly((text) =>
    text.replace(
      /\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/gi,
      "<uuid>",
    ),
  ),
  /**
   * Jupyter's wire protocol: the HMAC signature after `<IDS|MSG>`, and the
   * `msg_id`, `session` and `date` of the headers.
   */
  jupyter: ((frames) =>
    cassetteNormalizers.jsonKeys(
      "msg_id",
      "session",
      "date",
    )(cassetteNormalizers.frameAfter("<IDS|MSG>", "<signature>")(frames))) as CassetteNormalizer,
}

/** Checks a `normalize` option and returns the list. */
export function normalizerList(value: unknown, call: string): readonly CassetteNormalizer[] {
  if (value === undefined) return []
  if (Array.isArray(value) && value.every((f) => typeof f === "function"))
    return value as CassetteNormalizer[]
  throw new UsageError(
    `expected \`normalize\` of ${call} to be a list of functions (frames) => frames, e.g. [cassetteNormalizers.jupyter], got ${describeValue(value)}.`,
  )
}

/** The frames as the normalisers see them, then normalised. */
export function normalized(
  frames: readonly Buffer[],
  normalizers: readonly CassetteNormalizer[],
): FrameView[] {
  let views: readonly FrameView[] = frames.map(frameView)
  for (const fn of normalizers) views = fn(views)
  return [...views]
}

/**
 * What a person compares: JSON text frames parsed (so a difference is shown
 * at its key), other text as it is, binary frames as Buffers.
 */
export function comparable(views: readonly FrameView[]): unknown[] {
  return views.map((v) => {
    if (typeof v !== "string") return v
    const parsed = parseJson(v)
    return parsed.ok ? parsed.value : v
  })
}
