import { UsageError } from "../errors"
import { freshSeed } from "../faults/prng"
import { describeValue } from "../frames/frames"

/** The environment variable that replays an exploration or one order; it wins over `seed`. */
export const SEED_VARIABLE = "ZMQ_HARNESS_SEED"

/**
 * What a seed says, as explore() reports it in one token (no spaces, no commas):
 * - `42`: explore from seed 42 (the runs and their orders follow from it);
 * - `42:0.1.2`: replay one order exactly: at the 1st choice release the message that came
 *   first (rank 0), at the 2nd the second (rank 1), at the 3rd the third, and every later
 *   choice in arrival order. 42 is the exploration it came from.
 */
export interface Seed {
  readonly seed: number
  /** Ranks forcing one order (a replay), or undefined for an exploration. */
  readonly forced?: readonly number[]
}

const TOKEN = /^(\d{1,10})(?::(\d+(?:\.\d+)*))?$/

/**
 * Writes a seed as its token.
 *
 * @example
 * ```ts
 * formatSeed({ seed: 42, forced: [0, 1] }) // "42:0.1"
 * ```
 */
export function formatSeed(seed: Seed): string {
  if (!seed.forced) return String(seed.seed)
  return `${seed.seed}:${seed.forced.length > 0 ? seed.forced.join(".") : "0"}`
}

/**
 * The seed of an exploration: `ZMQ_HARNESS_SEED` when set (it wins), else the `seed` option
 * (a number, or a token as reported), else a fresh one.
 *
 * @example
 * ```ts
 * chooseSeed(undefined, {}) // { seed: 2840917362 }, or what ZMQ_HARNESS_SEED says
 * ```
 */
export function chooseSeed(option: unknown, env: NodeJS.ProcessEnv = process.env): Seed {
  const fromEnv = env[SEED_VARIABLE]
  if (fromEnv !== undefined && fromEnv.trim() !== "")
    return parseSeed(fromEnv.trim(), SEED_VARIABLE)
  if (option === undefined) return { seed: freshSeed() }
  if (typeof option === "number") {
    if (Number.isSafeInteger(option) && option >= 0 && option < 2 ** 32) return { seed: option }
  } else if (typeof option === "string") return parseSeed(option, "`explore({ seed })`")
  throw new UsageError(
    `expected \`explore({ seed })\` to be a whole number from 0 to 4294967295 or a seed as explore() reports it ("42" or "42:0.1"), got ${describeValue(option)}.`,
  )
}

function parseSeed(text: string, from: string): Seed {
  const m = TOKEN.exec(text)
  const seed = m ? Number(m[1]) : NaN
  if (!m || seed >= 2 ** 32) {
    throw new UsageError(
      `expected ${from} to be a seed as explore() reports it: a whole number ("42") or a number and an order ("42:0.1"), got ${JSON.stringify(text)}. ` +
        "Copy it from the failure message, e.g. ZMQ_HARNESS_SEED=42:0.1.",
    )
  }
  return m[2] === undefined ? { seed } : { seed, forced: m[2].split(".").map(Number) }
}
