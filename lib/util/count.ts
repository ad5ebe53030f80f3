import { UsageError } from "../errors"
import { describeValue } from "./describe-value"

/**
 * Checks one count option (how many times, how many messages) and returns it: a whole number
 * of `min` or more (default 1). Every count the mock peers take (`.times(n)`, `publish(frames,
 * { count })`) goes through here, so `Infinity`, `NaN`, `1.5` and `"3"` are refused the same
 * way, with a `UsageError` that names the option and says what to do.
 *
 * @param name the option as the user wrote it, e.g. `".times(n)"`
 * @param fix what to do instead, e.g. `"Use .persist() for any number of times."`
 * @example
 * ```ts
 * const n = checkCount(".times(n)", n, { fix: "Use .persist() for any number of times." })
 * ```
 */
export function checkCount(
  name: string,
  value: unknown,
  { min = 1, fix }: { min?: number; fix?: string } = {},
): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value
  throw new UsageError(
    `expected \`${name}\` to be a whole number of ${min} or more, got ${describeValue(value)}.` +
      (fix ? ` ${fix}` : ""),
  )
}
