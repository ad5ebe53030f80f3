import { currentScope } from "../core/ownership"
import type { UnawaitedRecord } from "../core/scope"
import type { CallSite } from "../util/call-site"

const noop = () => undefined

/**
 * The promise a `receive` assertion returns. It notes whether anyone called
 * `then` on it (what `await` and returning it from a test both do): one that
 * nobody awaited would pass whatever arrives, so the end-of-test check fails
 * the test instead.
 */
export class AssertionPromise<T> extends Promise<T> {
  // Derived promises (from then/catch) are plain promises.
  static override get [Symbol.species]() {
    return Promise
  }

  // Plain fields, set once by track(): Object.defineProperty on a promise cost about 3,000
  // instructions a call (a map change per call), twice per assertion.
  private record: UnawaitedRecord | undefined = undefined
  private owner: Set<UnawaitedRecord> | undefined = undefined

  override then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    const record = this.record
    if (record && !record.awaited) {
      record.awaited = true
      // Awaited: nothing left to check at the end of the test, and nothing to keep.
      this.owner!.delete(record)
    }
    return super.then(onFulfilled, onRejected)
  }

  /** Wraps `inner`, registering it with the running test's scope as `description`. */
  static track<T>(
    inner: Promise<T>,
    site: CallSite,
    description: () => string,
  ): AssertionPromise<T> {
    const promise = new AssertionPromise<T>((resolve, reject) => {
      inner.then(resolve, reject)
    })
    const record: UnawaitedRecord = {
      awaited: false,
      site,
      describe: () => `${description()} ${site.frames()[0]?.trim() ?? ""}`,
    }
    const owner = currentScope().assertions
    promise.record = record
    promise.owner = owner
    owner.add(record)
    // A rejection nobody awaits is reported by the end-of-test check, not as an unhandled rejection.
    Promise.prototype.then.call(promise, undefined, noop)
    return promise
  }
}
