import type { CloseBound } from "../../core/scope"

/**
 * How long closing one test's sockets and processes may take under node:test. Its hooks have no
 * timeout by default (Mocha's do, and its close fits in the hook's), so the adapter sets its own:
 * a process that ignores its stop signal is killed early enough to be reaped within it.
 */
export const CLOSE_BOUND_MS = 10_000

/**
 * The bound of a close that starts now.
 *
 * @example
 * ```ts
 * await run.close(nodeTestCloseBound())
 * ```
 */
export function nodeTestCloseBound(): CloseBound {
  return {
    deadline: performance.now() + CLOSE_BOUND_MS,
    reason: `zmq-harness's close bound of ${CLOSE_BOUND_MS} ms under node:test`,
  }
}
