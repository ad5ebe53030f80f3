import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"

/**
 * When a cassette is recorded and when it is replayed, like nock.back's modes:
 * - `"record"` (the default): replay the cassette if it exists, else record it;
 * - `"update"`: always record, overwriting the cassette (even a corrupt one);
 * - `"replay"`: replay a cassette that exists; with none, talk to the real
 *   peer through the proxy without writing anything;
 * - `"lockdown"`: never touch the network: replay, and a missing cassette is
 *   an error.
 *
 * @example
 * ```ts
 * const mode: CassetteMode = "lockdown" // or ZMQ_HARNESS_CASSETTES=lockdown in CI
 * ```
 */
export type CassetteMode = "record" | "update" | "replay" | "lockdown"

/** The environment variable that sets the mode of every cassette of a run. */
export const CASSETTES_ENV = "ZMQ_HARNESS_CASSETTES"

const MODES: readonly CassetteMode[] = ["record", "update", "replay", "lockdown"]

function check(value: unknown, where: string): CassetteMode {
  if (MODES.includes(value as CassetteMode)) return value as CassetteMode
  throw new UsageError(
    `expected ${where} to be one of ${MODES.map((m) => `"${m}"`).join(", ")}, got ${describeValue(value)}. ` +
      'Leave it unset for "record" (replay what exists, record what does not).',
  )
}

/**
 * The mode of one cassette: the option when given, else the environment
 * variable, else `"record"`.
 */
export function cassetteMode(option: unknown): CassetteMode {
  if (option !== undefined) return check(option, "the `mode` option")
  const env = process.env[CASSETTES_ENV]
  if (env === undefined || env === "") return "record"
  return check(env, `${CASSETTES_ENV}`)
}
