import type { CloseBound } from "./scope"

/** The most a teardown leaves unused of its hook's timeout, for Mocha's own bookkeeping. */
const MARGIN_MS = 500

/**
 * The bound of a teardown that runs in a Mocha hook whose timeout is
 * `hookTimeout` ms: a quarter of it (at most 500 ms) is kept free, so the
 * close ends — processes that ignore their stop signal killed early — before
 * Mocha's timeout fails the hook, which would stop the run (`runner` names the runner whose
 * hook it is, for messages). No bound when the hook has none (`timeout(0)`, `--no-timeout`, a debugger).
 *
 * @example
 * ```ts
 * await scope.close(closeBound(this.timeout())) // in a hook
 * ```
 */
export function closeBound(
  hookTimeout: number | undefined,
  runner = "Mocha",
): CloseBound | undefined {
  // Mocha reads 0 (and anything past a 32-bit timer) as "no timeout".
  if (!hookTimeout || !Number.isFinite(hookTimeout) || hookTimeout >= 2 ** 31 - 1) return undefined
  const margin = Math.min(MARGIN_MS, hookTimeout / 4)
  return {
    deadline: performance.now() + hookTimeout - margin,
    reason: `${runner}'s hook timeout of ${hookTimeout} ms`,
  }
}

/** The timeout of the hook that runs now, read from its context (`this` in a hook). */
export function hookTimeoutOf(context: unknown): number | undefined {
  const timeout = (context as { timeout?: () => unknown } | undefined)?.timeout
  if (typeof timeout !== "function") return undefined
  const value = timeout.call(context)
  return typeof value === "number" ? value : undefined
}
