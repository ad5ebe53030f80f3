import { UsageError } from "../errors"

/**
 * The longest duration any wait accepts, in ms: 2^31 - 1 (about 24.8 days).
 * libzmq's `ZMQ_RCVTIMEO`/`ZMQ_SNDTIMEO` and Node's timers are 32-bit signed
 * integers; past it, zeromq answers EINVAL and a Node timer fires at once.
 */
export const MAX_DURATION = 2 ** 31 - 1

/** What one duration may be, besides a finite number of ms. */
export interface DurationRule {
  /** The smallest value allowed (default 0). */
  min?: number
  /** The largest value allowed (default {@link MAX_DURATION}). */
  max?: number
}

/** Text for a value that was not a good duration: `-1`, `NaN`, `Infinity`, `"100"` (a string). */
function shown(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`
  if (typeof value === "number" || typeof value === "bigint") return String(value)
  if (value === null) return "null"
  return typeof value === "object" ? "an object" : String(value)
}

/**
 * Checks one duration option (a timeout, a grace period, a delay) and returns
 * it: a finite number of milliseconds within `[min, max]`. Every duration
 * the toolkit takes — per-call options, process options and `configure()` —
 * goes through here, so `-1` (which zeromq reads as "forever"), `NaN` and
 * `Infinity` are refused the same way everywhere, with a `UsageError`
 * (`ERR_ZMQH_INVALID_ARGUMENT`) that names the option.
 *
 * @param name the option as the user wrote it, e.g. `"recv({ timeout })"`
 * @example
 * ```ts
 * const ms = checkDuration("recv({ timeout })", options.timeout) // throws for -1, NaN, Infinity
 * ```
 */
export function checkDuration(name: string, value: unknown, rule: DurationRule = {}): number {
  const min = rule.min ?? 0
  const max = rule.max ?? MAX_DURATION
  if (typeof value === "number" && Number.isFinite(value) && value >= min && value <= max)
    return value
  const why =
    typeof value !== "number"
      ? "not a number"
      : Number.isNaN(value)
        ? "not a number"
        : value === Infinity
          ? "no wait may be unbounded"
          : value < min
            ? value < 0
              ? "a negative duration (zeromq would read -1 as forever)"
              : `below the least allowed, ${min} ms`
            : `above the longest allowed, ${max} ms`
  throw new UsageError(
    `expected \`${name}\` to be a number of milliseconds from ${min} to ${max}, got ${shown(value)}: ${why}. ` +
      "Give a finite bound, e.g. 1000.",
  )
}

/**
 * {@link checkDuration} for an optional option: `undefined` gives `fallback`.
 *
 * @example
 * ```ts
 * const ms = optionalDuration("recv({ timeout })", options.timeout, this.timeout)
 * ```
 */
export function optionalDuration(
  name: string,
  value: unknown,
  fallback: number,
  rule?: DurationRule,
): number {
  return value === undefined ? fallback : checkDuration(name, value, rule)
}
