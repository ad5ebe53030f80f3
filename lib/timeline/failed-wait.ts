/**
 * The wait a test failed on, as the artifacts show it: which lane, which operation, when it
 * started and its deadline. The resource whose wait ran out of time tags the error it throws;
 * the artifact writer reads the tag from the test's error (or from an error in its `cause`
 * chain). A WeakMap, not a property: the error the test sees stays as it was.
 */

/** A wait that ran out of time. Times on the epoch clock of {@link RecordEntry.time}. */
export interface FailedWait {
  /** The lane's name, as its {@link ResourceRecord.name}. */
  readonly lane: string
  /** `"receive"`, `"send"`, `"connected"`, `"subscribed"`, `"waitForOutput"`, `"done"`… */
  readonly operation: string
  /** Its bound, in ms. */
  readonly timeout: number
  /** When it started. */
  readonly started: number
  /** When its bound ran out. */
  readonly deadline: number
}

const tags = new WeakMap<object, FailedWait>()

/**
 * Tags `error` as the failure of a wait on `lane` that ran out of time now. Returns `error`.
 *
 * @example
 * ```ts
 * throw markFailedWait(waitTimedOut(this, "receive", 1000, "nothing"), this.name, "receive", 1000)
 * ```
 */
export function markFailedWait<E extends object>(
  error: E,
  lane: string,
  operation: string,
  timeout: number,
): E {
  const deadline = performance.timeOrigin + performance.now()
  tags.set(error, { lane, operation, timeout, started: deadline - timeout, deadline })
  return error
}

/**
 * The wait `error` (or an error of its `cause` chain) was tagged with, if any.
 *
 * @example
 * ```ts
 * const wait = failedWaitOf(test.err) // { lane, operation, timeout, started, deadline }
 * ```
 */
export function failedWaitOf(error: unknown): FailedWait | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 10; depth++) {
    const tag = tags.get(e)
    if (tag) return tag
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}
