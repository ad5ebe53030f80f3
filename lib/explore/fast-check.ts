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
 * // `load` is how it is loaded: the user's own `require("fast-check")`
 * ```
 */
export function loadFastCheck(load: () => unknown = () => require("fast-check")): FastCheck {
  if (loaded) return loaded
  try {
    loaded = load() as FastCheck
  } catch (err) {
    const missing =
      (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
      /'fast-check'/.test((err as Error).message)
    if (!missing) throw err
    throw new MissingDependencyError(
      "expected the package fast-check for explore() (it runs the orders and shrinks a failing one), " +
        "got none installed. Install it beside zmq-harness: npm i -D fast-check",
      { cause: err },
    )
  }
  return loaded
}

/** Forgets the loaded fast-check (for tests of a missing one). @internal */
export function forgetFastCheck(): void {
  loaded = undefined
}
