import { Scope } from "../core/scope"

/** The scope of a wait's caller: it fails the wait when one of its processes crashes. */
export type WaitScope = Pick<Scope, "failed" | "watch" | "unwatch">

/**
 * Settles as `promise` does, or rejects at once when `scope` (or its chain) fails, even
 * through a process started after this call: a send or `connected()` started before
 * `startProcess()` is still covered by the crash rule. `promise` is not cancelled: it must
 * settle by itself (every wait is bounded), and its own failure is then ignored.
 *
 * @example
 * ```ts
 * await watched(currentScope(), raw.send(frames))
 * ```
 */
export function watched<T>(scope: WaitScope, promise: Promise<T>): Promise<T> {
  const failed = scope.failed
  if (failed) {
    promise.catch(() => undefined)
    Scope.noteSeen(failed)
    return Promise.reject(failed)
  }
  return new Promise<T>((resolve, reject) => {
    const crashed = (err: Error) => {
      promise.catch(() => undefined) // abandoned: its own bound ends it
      reject(err)
    }
    scope.watch(crashed)
    promise.then(
      (value) => {
        scope.unwatch(crashed)
        resolve(value)
      },
      (err: unknown) => {
        scope.unwatch(crashed)
        reject(err)
      },
    )
  })
}
