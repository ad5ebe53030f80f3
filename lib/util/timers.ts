import { setTimeout as sleep } from "node:timers/promises"

/**
 * How a bounded wait ended: the promise settled first (with its value), or
 * the time ran out. A typed result rather than a sentinel value or an error
 * recognised by its text, so a value that is itself `undefined` stays apart
 * from a timeout.
 *
 * @example
 * ```ts
 * const result: Within<ExitStatus> = await within(proc.exited, 1000)
 * if (result.kind === "timeout") proc.kill("SIGKILL")
 * ```
 */
export type Within<T> =
  { readonly kind: "settled"; readonly value: T } | { readonly kind: "timeout" }

/**
 * Whether a timer keeps the process alive, as a Node timer's `ref()`/`unref()`.
 *
 * @example
 * ```ts
 * const options: TimerOptions = { ref: false } // a bound that must not hold the process open
 * ```
 */
export interface TimerOptions {
  /**
   * `false` for a timer that must not keep the process alive by itself (Node's `unref()`);
   * default `true`, like a plain `setTimeout`.
   */
  ref?: boolean
}

/** The one timeout result: it carries nothing, so one object serves every wait. */
const TIMED_OUT: Within<never> = Object.freeze({ kind: "timeout" })

/** A pause cut short by its signal rejects with an AbortError: that is an answer, not a failure. */
function ignoreAbort(err: unknown): void {
  if ((err as { name?: unknown } | undefined)?.name !== "AbortError") throw err
}

/**
 * Waits for `promise` at most `ms` milliseconds: resolves `{ kind: "settled", value }` when it
 * resolves first, `{ kind: "timeout" }` when the time runs out first, and rejects as `promise`
 * does when it rejects first. The timer is cleared as soon as `promise` settles, so none
 * outlives the wait; `promise` itself is not cancelled (whoever made it still owns it).
 *
 * `ms` must already be checked (lib/util/duration.ts) or computed from checked values and
 * not negative; nothing is validated here.
 *
 * A plain timer rather than `timers/promises` with an AbortSignal (as {@link delay} uses):
 * the socket's lifecycle waits here several times per test (connect, unbind, close), and on
 * Node 20 an abortable timer costs about 20 µs per wait (the signal's listener, then the
 * AbortError it rejects with) against about 1 µs for `setTimeout`/`clearTimeout`; the
 * lifecycle benchmark (bench/lifecycle.ts) measured it: 2.0× raw became 2.5× raw.
 *
 * @example
 * ```ts
 * const result = await within(proc.exited, grace)
 * const status = result.kind === "settled" ? result.value : undefined
 * ```
 */
export function within<T>(
  promise: PromiseLike<T>,
  ms: number,
  { ref = true }: TimerOptions = {},
): Promise<Within<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms, TIMED_OUT)
    if (!ref) timer.unref()
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve({ kind: "settled", value })
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/**
 * Waits `ms` milliseconds, or less when `signal` aborts first: never rejects, so a poll loop
 * can check its own condition after each pause. Resolves `true` when the full time passed,
 * `false` when the pause was cut short.
 *
 * `ms` must already be checked (lib/util/duration.ts) or computed from checked values and
 * not negative; nothing is validated here.
 *
 * @example
 * ```ts
 * while (groupAlive(pid) && performance.now() < deadline) await delay(POLL_MS)
 * ```
 */
export async function delay(
  ms: number,
  { signal, ref = true }: TimerOptions & { signal?: AbortSignal } = {},
): Promise<boolean> {
  if (signal?.aborted) return false
  try {
    await sleep(ms, undefined, { signal, ref })
    return true
  } catch (err) {
    ignoreAbort(err)
    return false
  }
}
