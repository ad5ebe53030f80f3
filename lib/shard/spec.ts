import { ShardError } from "../errors"

/**
 * One shard of a run: the `index`-th (1-based) of `count` equal parts of the
 * tests.
 *
 * @example
 * ```ts
 * const third: ShardSpec = { index: 3, count: 4 } // ZMQ_HARNESS_SHARD=3/4
 * ```
 */
export interface ShardSpec {
  index: number
  count: number
}

/**
 * The environment variable that picks a shard on CI machines.
 *
 * @example
 * ```ts
 * process.env[SHARD_ENV] // "2/4" on the second of four machines
 * ```
 */
export const SHARD_ENV = "ZMQ_HARNESS_SHARD"

/**
 * The `.mocharc` key (and `--zmq-harness-shard=i/n` flag) that picks a shard.
 *
 * @example
 * ```ts
 * mocha.options[SHARD_OPTION] // "2/4" from `zmq-harness-shard: 2/4` in .mocharc.yml
 * ```
 */
export const SHARD_OPTION = "zmq-harness-shard"

// More shards than this is a typo (ZMQ_HARNESS_SHARD=1/40000), not a CI matrix.
const MAX_COUNT = 1000

/**
 * Reads `i/n` (spaces allowed around the numbers) as a shard. `where` names
 * the source for the error: a bad value is a {@link ShardError}, never a
 * silent full run (a CI matrix with a typo would run every test n times).
 *
 * @example
 * ```ts
 * parseShard("2/4", "the environment variable ZMQ_HARNESS_SHARD") // { index: 2, count: 4 }
 * parseShard("4/2", "the environment variable ZMQ_HARNESS_SHARD") // throws ShardError
 * ```
 */
export function parseShard(value: unknown, where: string): ShardSpec {
  const text = typeof value === "number" ? String(value) : value
  const m = typeof text === "string" ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text) : null
  const index = m ? Number(m[1]) : NaN
  const count = m ? Number(m[2]) : NaN
  if (m && count >= 1 && count <= MAX_COUNT && index >= 1 && index <= count) {
    return { index, count }
  }
  throw new ShardError(
    `expected ${where} to be i/n, the i-th of n shards with 1 ≤ i ≤ n ≤ ${MAX_COUNT} (e.g. 2/4), ` +
      `got ${shown(value)}.${hint(value, m, index, count)}`,
  )
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value)
  if (value === true) return "a flag with no value"
  if (typeof value === "object" && value !== null) return "an object"
  return String(value)
}

function hint(value: unknown, m: RegExpExecArray | null, index: number, count: number): string {
  if (value === true) {
    return ` On the command line give the value with "=": --${SHARD_OPTION}=2/4.`
  }
  if (Array.isArray(value)) return " Give it once."
  if (m && index === 0) return " Shards are counted from 1: the first is 1/n."
  if (m && index > count && count >= 1 && count <= MAX_COUNT)
    return ` There are ${count} shards: give 1/${count} to ${count}/${count}.`
  return " Give e.g. 1/4 on the first of four CI machines."
}
