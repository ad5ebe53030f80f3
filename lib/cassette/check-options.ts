import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { socketTypes, type SocketType } from "../socket/types"
import { closestName } from "../util/closest-name"
import { optionalDuration } from "../util/duration"
import { recordableTypes } from "./channel-types"
import { meantSocketTypeHint } from "../socket/type-names"
import { normalizerList, type CassetteNormalizer } from "./normalize"
import type { ReplayBehaviour } from "./options"
import type { ReplyRewrite } from "./rewrite"

/**
 * The options of `record()` and `replay()`, each checked once, when the call is made: what
 * is wrong fails the call with what to do, whatever the mode (a `normalize` that is not a list
 * of functions fails a recording too, not only the replay of the next run).
 */

/** The options both take: how a replay answers and paces, and where the cassette is. */
const SHARED = ["channel", "type", "path", "normalize", "rewrite", "pace", "timeout"]

/**
 * The options of each call; `tolerated` are the other call's that make no sense here but come
 * with an options object shared by both (ignored, as before); `hints` name what was meant.
 */
const KEYS = {
  record: {
    own: [...SHARED, "target", "listen", "mode"],
    tolerated: [] as string[],
    hints: { bind: "listen", connect: "target" } as Record<string, string>,
  },
  replay: {
    own: [...SHARED, "bind", "connect"],
    tolerated: ["target", "mode"],
    hints: { listen: "bind" } as Record<string, string>,
  },
}

/**
 * Checks that `options` is an object whose keys are options of `record()` (or `replay()`): a
 * misspelt one (`normalise`) would be ignored, and its normalisers never run.
 *
 * @example
 * ```ts
 * checkOptionKeys("replay", options, 'replay("quotes")', '{ bind: "tcp://127.0.0.1:*" }')
 * ```
 */
export function checkOptionKeys(
  kind: "record" | "replay",
  options: unknown,
  call: string,
  example: string,
): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(
      `expected the options of ${call} as an object such as ${example}, got ${describeValue(options)}.`,
    )
  }
  const { own, tolerated, hints } = KEYS[kind]
  for (const key of Object.keys(options)) {
    if (own.includes(key) || tolerated.includes(key)) continue
    const guess = Object.hasOwn(hints, key) ? hints[key] : closestName(key, own)
    throw new UsageError(
      `expected options of ${call} (${own.join(", ")}), got an unknown option \`${key}\`.` +
        (guess ? ` Perhaps you meant \`${guess}\`?` : " Remove it."),
    )
  }
}

/** How a replay answers and paces, checked. */
export interface CheckedBehaviour {
  readonly normalize: readonly CassetteNormalizer[]
  readonly rewrite: ReplyRewrite | undefined
  readonly pace: number | "requests"
  readonly timeout: number
}

/**
 * Checks `normalize`, `rewrite`, `pace` and `timeout` (default: `fallbackTimeout`).
 *
 * @example
 * ```ts
 * const { normalize, pace } = checkBehaviour(options, 'record("quotes")', settings.timeout)
 * ```
 */
export function checkBehaviour(
  options: ReplayBehaviour,
  call: string,
  fallbackTimeout: number,
): CheckedBehaviour {
  const normalize = normalizerList(options.normalize, call)
  if (options.rewrite !== undefined && typeof options.rewrite !== "function") {
    throw new UsageError(
      `expected \`rewrite\` of ${call} to be a function (frames, context) => frames, got ${describeValue(options.rewrite)}.`,
    )
  }
  const pace = checkPace(options.pace, call)
  const timeout = optionalDuration(`${call}({ timeout })`, options.timeout, fallbackTimeout)
  return { normalize, rewrite: options.rewrite, pace, timeout }
}

/** The `pace` option: `"requests"` (the default) or a factor of the recorded timing. */
function checkPace(value: unknown, call: string): number | "requests" {
  if (value === undefined || value === "requests") return "requests"
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1000)
    return value
  throw new UsageError(
    `expected \`pace\` of ${call} to be "requests" or a factor of the recorded timing from 0 to 1000 (1: as recorded, 0.5: twice as fast, 0: at once), got ${describeValue(value)}.`,
  )
}

/**
 * The `channel` option: a name such as "shell"; undefined when not given.
 *
 * @example
 * ```ts
 * const channel = checkChannel(options.channel, 'record("kernel")') ?? "main"
 * ```
 */
export function checkChannel(value: unknown, call: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value === "string" && /^[\w.-]+$/.test(value)) return value
  throw new UsageError(
    `expected \`channel\` of ${call} to be a name such as "shell" (letters, digits, . _ -), got ${describeValue(value)}.`,
  )
}

/**
 * The optional `type` of `replay()`: a socket type a cassette can hold (checked against the
 * cassette's later); undefined when not given.
 *
 * @example
 * ```ts
 * const type = checkReplayType(options.type, 'replay("quotes")')
 * ```
 */
export function checkReplayType(value: unknown, call: string): SocketType | undefined {
  if (value === undefined) return undefined
  if (recordableTypes.includes(value as SocketType)) return value as SocketType
  const hint = socketTypes.includes(value as SocketType)
    ? ""
    : meantSocketTypeHint(value, recordableTypes)
  throw new UsageError(
    `expected \`type\` of ${call} to be the socket type of the process under test, one of ${recordableTypes.join(", ")}, got ${describeValue(value)}.` +
      (hint
        ? hint
        : socketTypes.includes(value as SocketType)
          ? " No cassette holds that type: a router or rep process is a server."
          : ""),
  )
}
