import { UsageError } from "../errors"
import { checkKeys } from "../faults/call-options"
import { describeValue } from "../frames/frames"
import { checkDuration } from "../util/duration"

/**
 * Options of {@link explore}.
 *
 * @example
 * ```ts
 * const options: ExploreOptions = { runs: 100, seed: 42, time: 30_000 }
 * ```
 */
export interface ExploreOptions {
  /** How many runs (orders) to try, at most; each is one test of what the body asserts. */
  runs: number
  /**
   * The seed the runs' orders follow from (a whole number, or a seed as a failure reports
   * it, `"42:0.1"`, to replay one order); default a fresh one. `ZMQ_HARNESS_SEED` wins over it.
   */
  seed?: number | string
  /**
   * The time budget of the whole exploration, shrinking included, in ms (default 60 000): no
   * new run starts past it. Give the Mocha test a timeout above it (`this.timeout(…)`).
   */
  time?: number
  /** The bound of one run, in ms (default 10 000): a run still going fails with what it held. */
  runTimeout?: number
  /**
   * How long the links of a run must be quiet (nothing arrived, nothing released) before the
   * next message is chosen, in ms (default 20). Raise it for processes slow to answer a
   * message (a loaded machine); lower it for speed when everything answers at once.
   */
  quiet?: number
  /** Runs that may be spent shrinking a failing order (default 100). */
  shrinks?: number
}

/** The options, checked, with their defaults. */
export interface CheckedExploreOptions {
  readonly runs: number
  readonly seed: unknown
  readonly time: number
  readonly runTimeout: number
  readonly quiet: number
  readonly shrinks: number
}

const KEYS = ["runs", "seed", "time", "runTimeout", "quiet", "shrinks"]

function wholeNumber(name: string, value: unknown, min: number, fix: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `expected \`explore({ ${name} })\` to be a whole number of at least ${min}, got ${describeValue(value)}. ${fix}`,
    )
  }
  return value
}

/**
 * Checks the options of explore() and the body.
 *
 * @example
 * ```ts
 * const { runs, quiet } = checkExploreOptions({ runs: 50 }, async () => {})
 * ```
 */
export function checkExploreOptions(options: unknown, body: unknown): CheckedExploreOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(
      `expected \`explore(options, body)\` to start with an object such as { runs: 100 }, got ${describeValue(options)}.`,
    )
  }
  checkKeys("explore(options, body)", options, KEYS)
  if (typeof body !== "function") {
    throw new UsageError(
      `expected the body of \`explore(options, body)\` to be a function of the run, got ${describeValue(body)}. ` +
        "E.g. explore({ runs: 100 }, async (run) => { … })",
    )
  }
  const o = options as Record<string, unknown>
  if (o.runs === undefined) {
    throw new UsageError(
      "expected `explore({ runs })`, how many orders to try at most, got no runs. E.g. { runs: 100 }.",
    )
  }
  return {
    runs: wholeNumber("runs", o.runs, 1, "E.g. { runs: 100 }."),
    seed: o.seed,
    time: checkDuration("explore({ time })", o.time ?? 60_000, { min: 1 }),
    runTimeout: checkDuration("explore({ runTimeout })", o.runTimeout ?? 10_000, { min: 1 }),
    quiet: checkDuration("explore({ quiet })", o.quiet ?? 20, { min: 1, max: 10_000 }),
    shrinks: wholeNumber(
      "shrinks",
      o.shrinks ?? 100,
      0,
      "0 reports the first failing order as it was.",
    ),
  }
}
