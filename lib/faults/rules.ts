import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { closestName } from "../util/closest-name"
import { seeded, type Random } from "./prng"

/** Which way bytes or messages go through a link: towards the target, or back to the caller. */
export type Direction = "upstream" | "downstream"

/**
 * Which messages a message-level fault (`drop`, `duplicate`, `reorder`) hits.
 * Without `every` or `probability`, every message the other fields allow.
 *
 * @example
 * ```ts
 * link.drop({ every: 3 })                                   // the 3rd, 6th, 9th… message
 * link.duplicate({ probability: 0.1, seed: 7 })            // 1 in 10, the same ones every run
 * link.drop({ match: "ping", direction: "upstream", times: 1 }) // the first request with a "ping" frame
 * ```
 */
export interface MessageRule {
  /** Hits every n-th message the rule applies to (n a whole number ≥ 1). */
  every?: number
  /** Hits each message with this probability, from 0 to 1 (a seeded draw). */
  probability?: number
  /** Seed of the draws of `probability`; default the link's seed. */
  seed?: number
  /**
   * Only messages that match: a string (a frame equal to it), a RegExp (a
   * frame whose text matches) or a function of the raw frames.
   */
  match?: string | RegExp | ((frames: readonly Buffer[]) => boolean)
  /** Only one direction; default both. */
  direction?: Direction
  /** At most this many hits, then the rule rests. */
  times?: number
}

const RULE_KEYS = ["every", "probability", "seed", "match", "direction", "times"]

/** A rule in force: its counters and its generator. */
export class ActiveRule {
  /** Messages the rule applied to (that its `match` and `direction` let through). */
  private seen = 0
  /** Hits so far. */
  hits = 0
  private readonly random: Random

  constructor(
    readonly fault: "drop" | "duplicate" | "reorder",
    readonly rule: Readonly<MessageRule>,
    /** The seed of `probability`'s draws (the rule's own or the link's). */
    readonly seed: number,
  ) {
    this.random = seeded(seed)
  }

  /** Decides for one message; counts it. */
  decide(direction: Direction, frames: readonly Buffer[]): boolean {
    const { rule } = this
    if (rule.direction !== undefined && rule.direction !== direction) return false
    if (rule.match !== undefined && !matches(rule.match, frames)) return false
    if (rule.times !== undefined && this.hits >= rule.times) return false
    this.seen++
    const hit =
      rule.every !== undefined
        ? this.seen % rule.every === 0
        : rule.probability !== undefined
          ? this.random() < rule.probability
          : true
    if (hit) this.hits++
    return hit
  }

  /** `drop every 3`, `duplicate probability 0.1 (seed 7)`, for reports. */
  describe(): string {
    const { rule } = this
    const parts: string[] = [this.fault]
    if (rule.every !== undefined) parts.push(`every ${rule.every}`)
    if (rule.probability !== undefined)
      parts.push(`probability ${rule.probability} (seed ${this.seed})`)
    if (rule.match !== undefined)
      parts.push(`match ${typeof rule.match === "function" ? "(function)" : String(rule.match)}`)
    if (rule.direction !== undefined) parts.push(rule.direction)
    if (rule.times !== undefined) parts.push(`times ${rule.times}`)
    return parts.join(" ")
  }
}

function matches(match: NonNullable<MessageRule["match"]>, frames: readonly Buffer[]): boolean {
  if (typeof match === "function") return match(frames)
  if (typeof match === "string") return frames.some((f) => f.toString("utf8") === match)
  return frames.some((f) => {
    match.lastIndex = 0
    return match.test(f.toString("utf8"))
  })
}

/**
 * Checks a rule given to `drop`, `duplicate` or `reorder`; throws a
 * `UsageError` naming the call for anything else.
 *
 * @example
 * ```ts
 * const rule = checkRule("drop", { every: 3 })
 * ```
 */
export function checkRule(fault: string, value: unknown): MessageRule {
  const call = `${fault}(rule)`
  if (value === undefined) return {}
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(
      `expected \`${call}\` to be an object such as { every: 3 } or { probability: 0.1, seed: 7 }, got ${describeValue(value)}.`,
    )
  }
  const rule = value as Record<string, unknown>
  for (const key of Object.keys(rule)) {
    if (!RULE_KEYS.includes(key)) {
      const guess = closestName(key, RULE_KEYS)
      throw new UsageError(
        `expected the options of \`${call}\` (${RULE_KEYS.join(", ")}), got an unknown option \`${key}\`.` +
          (guess ? ` Perhaps you meant \`${guess}\`?` : ""),
      )
    }
  }
  if (rule.every !== undefined && rule.probability !== undefined) {
    throw new UsageError(
      `expected one of \`every\` and \`probability\` in \`${call}\`, got both. Give one: { every: 3 } or { probability: 0.3 }.`,
    )
  }
  wholeNumber(call, "every", rule.every, 1)
  wholeNumber(call, "times", rule.times, 0)
  if (
    rule.probability !== undefined &&
    (typeof rule.probability !== "number" || !(rule.probability >= 0 && rule.probability <= 1))
  ) {
    throw new UsageError(
      `expected \`probability\` of \`${call}\` to be a number from 0 to 1, got ${describeValue(rule.probability)}. ` +
        "E.g. 0.1 for one message in ten.",
    )
  }
  if (
    rule.seed !== undefined &&
    (typeof rule.seed !== "number" || !Number.isSafeInteger(rule.seed))
  ) {
    throw new UsageError(
      `expected \`seed\` of \`${call}\` to be a whole number, got ${describeValue(rule.seed)}.`,
    )
  }
  checkDirection(call, rule.direction)
  const m = rule.match
  if (
    m !== undefined &&
    typeof m !== "string" &&
    typeof m !== "function" &&
    !(m instanceof RegExp)
  ) {
    throw new UsageError(
      `expected \`match\` of \`${call}\` to be a string, a RegExp or a function of the frames, got ${describeValue(m)}.`,
    )
  }
  return { ...(rule as MessageRule) }
}

function wholeNumber(call: string, name: string, value: unknown, min: number): void {
  if (value === undefined) return
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `expected \`${name}\` of \`${call}\` to be a whole number of at least ${min}, got ${describeValue(value)}.`,
    )
  }
}

/**
 * Checks a `direction` option: `"upstream"`, `"downstream"` or undefined (both).
 *
 * @example
 * ```ts
 * checkDirection("delay(ms, options)", "upstream")
 * ```
 */
export function checkDirection(call: string, value: unknown): Direction | undefined {
  if (value === undefined || value === "upstream" || value === "downstream") return value
  throw new UsageError(
    `expected \`direction\` of \`${call}\` to be "upstream" (towards the target) or "downstream" ` +
      `(back to the caller), got ${describeValue(value)}. Leave it out for both.`,
  )
}
