import { MissingDependencyError } from "../errors"

/** The parts of fast-check explore() uses (its runner, its arbitrary and stream classes). */
export type FastCheck = typeof import("fast-check")

let loaded: FastCheck | undefined

/**
 * fast-check, loaded on the first explore(): an optional peer dependency, so that users who
 * do not explore install nothing more. Resolved as the user's own package (beside
 * zmq-harness), like mocha and chai.
 *
 * @example
 * ```ts
 * const fc = loadFastCheck() // MissingDependencyError when it is not installed
 * ```
 */
export function loadFastCheck(): FastCheck {
  if (loaded) return loaded
  try {
    loaded = require("fast-check") as FastCheck
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err
    throw new MissingDependencyError(
      "expected the package fast-check for explore() (it runs the orders and shrinks a failing one), " +
        "got none installed. Install it beside zmq-harness: npm i -D fast-check",
      { cause: err },
    )
  }
  return loaded
}
