import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { closestName } from "../util/closest-name"
import type { Direction } from "./rules"

/**
 * The directions a fault set with `direction` applies to: that one, or both.
 *
 * @example
 * ```ts
 * directions(undefined) // ["upstream", "downstream"]
 * ```
 */
export function directions(direction: Direction | undefined): Direction[] {
  return direction ? [direction] : ["upstream", "downstream"]
}

/**
 * Refuses an options object with a key not in `keys`, suggesting the closest one.
 *
 * @example
 * ```ts
 * checkKeys("delay(ms, options)", { jiter: 5 }, ["jitter", "direction"]) // UsageError: … Perhaps you meant `jitter`?
 * ```
 */
export function checkKeys(call: string, options: unknown, keys: string[]): void {
  if (options === null || typeof options !== "object") {
    throw new UsageError(
      `expected the options of \`${call}\` as an object, got ${describeValue(options)}.`,
    )
  }
  for (const key of Object.keys(options)) {
    if (keys.includes(key)) continue
    const guess = closestName(key, keys)
    throw new UsageError(
      `expected the options of \`${call}\` (${keys.join(", ")}), got an unknown option \`${key}\`.` +
        (guess ? ` Perhaps you meant \`${guess}\`?` : ""),
    )
  }
}
