import type * as zmq from "zeromq"
import { currentScope } from "../core/ownership"
import { testEnded } from "../core/end-of-test"
import { Scope } from "../core/scope"
import { within } from "../util/timers"
import type { WaitScope } from "./watched"

/**
 * How one receive ended: a message, or nothing within its bound. A typed result rather than
 * an error, so that a caller to whom a timeout is an answer (the xpub subscription wait, the
 * `receiveNothing` assertion) needs no error to recognise by its text, and so that the error a
 * test sees is made by the method the test awaits (its stack then names the test's line).
 *
 * @example
 * ```ts
 * const result = await receiver.next(1000, currentScope())
 * if (result.kind === "timeout") throw timedOut()
 * ```
 */
export type ReceiveResult =
  | { readonly kind: "timeout" }
  | {
      readonly kind: "message"
      readonly frames: Buffer[]
      /** The test during which it arrived, when it arrived before this receive, in another test. */
      readonly arrivedIn?: string
    }

/**
 * A receive's outcome inside the engine: also `abandoned`, for a receive whose test has
 * ended (Mocha's timeout) before its message came. That message went to the inbox for the
 * next receive, and the dead test's wait is never resumed.
 *
 * @example
 * ```ts
 * if (outcome.kind === "abandoned") return new Promise<never>(() => undefined)
 * ```
 */
export type ReceiveOutcome = ReceiveResult | { readonly kind: "abandoned" }

/**
 * The one timeout result: it carries nothing, so one object serves every receive.
 *
 * @example
 * ```ts
 * if (isTimeout(err)) resolve(TIMED_OUT)
 * ```
 */
export const TIMED_OUT: ReceiveResult = Object.freeze({ kind: "timeout" })
const ABANDONED: ReceiveOutcome = Object.freeze({ kind: "abandoned" })

/**
 * The scope of the caller of a receive: it fails the receive when one of its processes crashes.
 *
 * @example
 * ```ts
 * const scope: ReceiveScope = currentScope()
 * ```
 */
export type ReceiveScope = WaitScope & Pick<Scope, "kind">

/** A message that arrived for a receive nobody waits on any more. */
interface Queued {
  readonly frames: Buffer[]
  /** The test running when it arrived. */
  readonly test: string | undefined
}

/** True for zeromq's "nothing within `receiveTimeout`". */
function isTimeout(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === "EAGAIN"
}

/**
 * The full title of the test running now (its each-hooks included), if any.
 *
 * @example
 * ```ts
 * log.record("sent", frames, runningTest())
 * ```
 */
export function runningTest(): string | undefined {
  const scope = currentScope()
  return scope.kind === "test" ? scope.title : undefined
}

/**
 * The receive engine of a test socket: one receive at a time on the zeromq socket (zeromq.js
 * allows no more, and none can be cancelled), and an inbox of messages that arrived for a
 * receive nobody waits on any more: one failed by the crash rule, or one whose test Mocha's
 * timeout ended. That receive goes on until its own bound; what it brings is queued here, for
 * the next receive, never lost.
 *
 * @example
 * ```ts
 * const receiver = new Receiver(raw, (frames) => transcript.record("received", frames))
 * const outcome = await (receiver.idle ? receiver.start(1000, scope) : receiver.next(1000, scope))
 * ```
 */
export class Receiver {
  private readonly inbox: Queued[] = []
  /** Settles (never rejects) when the receive pending on the zeromq socket ends. */
  private pending: Promise<void> | undefined

  constructor(
    private readonly raw: zmq.Readable & zmq.Socket,
    /** Called with every message that arrives (transcript, wire log, xpub subscriptions). */
    private readonly arrived: (frames: Buffer[]) => void,
  ) {}

  /** True while a receive is pending on the zeromq socket (a wait's, or one its test abandoned). */
  get receiving(): boolean {
    return this.pending !== undefined
  }

  /** True when nothing is queued and no receive is pending: a receive can start at once. */
  get idle(): boolean {
    return this.inbox.length === 0 && this.pending === undefined
  }

  /**
   * One message: a queued one first, else the one a pending receive brings, else a new receive;
   * `timeout` bounds it all. Throws only what zeromq or the crash rule throws.
   */
  async next(timeout: number, scope: ReceiveScope): Promise<ReceiveOutcome> {
    const deadline = performance.now() + timeout
    while (this.pending && this.inbox.length === 0) {
      const left = deadline - performance.now()
      if (left <= 0 || !(await settlesWithin(this.pending, left, scope))) return TIMED_OUT
    }
    const queued = this.inbox.shift()
    if (queued) {
      const test = runningTest()
      return queued.test !== test && queued.test !== undefined
        ? { kind: "message", frames: queued.frames, arrivedIn: queued.test }
        : { kind: "message", frames: queued.frames }
    }
    return this.start(Math.max(0, Math.ceil(deadline - performance.now())), scope)
  }

  /**
   * Starts one receive on the zeromq socket: call it only when {@link idle}. It fails at once
   * when a process of `scope` (or of its chain) crashes, even one started after this call.
   */
  start(timeout: number, scope: ReceiveScope): Promise<ReceiveOutcome> {
    const failed = scope.failed
    if (failed) return rejectSeen(failed)
    const raw = this.raw
    if (raw.receiveTimeout !== timeout) raw.receiveTimeout = timeout
    const receiving = raw.receive()
    return new Promise<ReceiveOutcome>((resolve, reject) => {
      let abandoned = false
      const crashed = (err: Error) => {
        abandoned = true
        reject(err)
      }
      scope.watch(crashed)
      this.pending = receiving.then(
        (frames) => {
          this.pending = undefined
          scope.unwatch(crashed)
          this.arrived(frames)
          if (!abandoned && !(scope.kind === "test" && testEnded(scope))) {
            resolve({ kind: "message", frames })
            return
          }
          this.inbox.push({ frames, test: runningTest() })
          resolve(ABANDONED)
        },
        (err: unknown) => {
          this.pending = undefined
          scope.unwatch(crashed)
          if (isTimeout(err)) resolve(TIMED_OUT)
          else reject(err)
        },
      )
    })
  }

  /** Puts messages read by a wait that was not after them back at the head of the queue. */
  requeue(messages: readonly Buffer[][]): void {
    const test = runningTest()
    this.inbox.unshift(...messages.map((frames) => ({ frames, test })))
  }

  /**
   * Takes every queued message, then reads what zeromq holds without waiting, `max` in all at
   * most (the end-of-test check). Reads nothing new while a receive is pending.
   */
  async takeAll(max: number, restoreTimeout: number): Promise<Buffer[][]> {
    const taken = this.inbox.splice(0).map((q) => q.frames)
    if (this.pending) return taken
    const raw = this.raw
    raw.receiveTimeout = 0
    try {
      while (taken.length < max) {
        const frames = await raw.receive()
        this.arrived(frames)
        taken.push(frames)
      }
    } catch {
      // EAGAIN: nothing more queued (or the socket's state forbids a receive: nothing to read)
    }
    raw.receiveTimeout = restoreTimeout
    return taken
  }
}

/**
 * True once `pending` settles, false after `ms`; rejects when `scope` fails first. Waiting on a
 * receive another (abandoned) wait started must stay within this wait's own bound.
 */
async function settlesWithin(
  pending: Promise<void>,
  ms: number,
  scope: ReceiveScope,
): Promise<boolean> {
  const failed = scope.failed
  if (failed) return rejectSeen(failed)
  let crashed!: (err: Error) => void
  const crash = new Promise<never>((_, reject) => (crashed = reject))
  scope.watch(crashed)
  try {
    return (await within(Promise.race([pending, crash]), ms)).kind === "settled"
  } finally {
    // At once when the wait ends: a crash after it must not count as told to this test.
    scope.unwatch(crashed)
  }
}

/** Rejects with a crash the scope already had: the test is told of it, so it is not reported again. */
function rejectSeen<T>(failed: Error): Promise<T> {
  Scope.noteSeen(failed)
  return Promise.reject(failed)
}
