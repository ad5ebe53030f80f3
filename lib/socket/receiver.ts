import type * as zmq from "zeromq"

/**
 * How one receive ended: a message, or nothing within its bound. A typed result rather than
 * an error, so that a caller to whom a timeout is an answer (the xpub subscription wait, the
 * `receiveNothing` assertion) needs no error to recognise by its text, and so that the error a
 * test sees is made by the method the test awaits (its stack then names the test's line).
 */
export type ReceiveResult =
  { readonly kind: "timeout" } | { readonly kind: "message"; readonly frames: Buffer[] }

/** The one timeout result: it carries nothing, so one object serves every receive. */
export const TIMED_OUT: ReceiveResult = Object.freeze({ kind: "timeout" })

/** What guards a wait with the crash rule: the scope of the caller (see Scope.guard). */
export interface Guard {
  guard<T>(promise: Promise<T>): Promise<T>
}

/** True for zeromq's "nothing within `receiveTimeout`". */
function isTimeout(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === "EAGAIN"
}

const noop = () => undefined

/**
 * The receive engine of a test socket: one receive at a time on the zeromq socket (zeromq.js
 * allows no more, and none can be cancelled), and an inbox of messages that arrived for a
 * receive nobody waits on any more. A receive abandoned by the crash rule goes on until its
 * own bound; what it brings is queued here, for the next receive, never lost.
 */
export class Receiver {
  private readonly inbox: Buffer[][] = []
  /** The receive pending on the zeromq socket, if any. */
  private pending: Promise<unknown> | undefined

  constructor(
    private readonly raw: zmq.Readable & zmq.Socket,
    /** Called with every message that arrives (transcript, wire log, xpub subscriptions). */
    private readonly arrived: (frames: Buffer[]) => void,
  ) {}

  /** True when nothing is queued and no receive is pending: a receive can start at once. */
  get idle(): boolean {
    return this.inbox.length === 0 && this.pending === undefined
  }

  /** True while a receive is pending on the zeromq socket. */
  get busy(): boolean {
    return this.pending !== undefined
  }

  /**
   * One message: a queued one first, else the one a pending receive brings, else a new receive
   * bounded by `timeout`. Throws only what zeromq or the guard throws; a timeout is a result.
   */
  async next(timeout: number, guard: Guard): Promise<ReceiveResult> {
    while (this.pending && this.inbox.length === 0) await this.pending.then(noop, noop)
    const queued = this.inbox.shift()
    if (queued) return { kind: "message", frames: queued }
    return this.start(timeout, guard)
  }

  /** Starts one receive on the zeromq socket: call it only when {@link idle}. */
  start(timeout: number, guard: Guard): Promise<ReceiveResult> {
    const raw = this.raw
    if (raw.receiveTimeout !== timeout) raw.receiveTimeout = timeout
    let abandoned = false
    const receiving = raw.receive().then(
      (frames): ReceiveResult => {
        this.pending = undefined
        this.arrived(frames)
        if (!abandoned) return { kind: "message", frames }
        this.inbox.push(frames)
        return TIMED_OUT
      },
      (err: unknown): ReceiveResult => {
        this.pending = undefined
        if (isTimeout(err)) return TIMED_OUT
        throw err
      },
    )
    this.pending = receiving
    const guarded = guard.guard(receiving)
    if (guarded === receiving) return receiving
    // Guarded by the crash rule: once the guard has failed the wait, the receive is abandoned.
    receiving.catch(noop)
    return guarded.catch((err: unknown) => {
      abandoned = true
      throw err
    })
  }

  /** Puts messages back at the head of the queue, oldest first. */
  requeue(messages: Buffer[][]): void {
    this.inbox.unshift(...messages)
  }

  /**
   * Takes every queued message, then reads what zeromq holds without waiting, `max` in all at
   * most (the end-of-test check). Reads nothing new while a receive is pending.
   */
  async takeAll(max: number, restoreTimeout: number): Promise<Buffer[][]> {
    const taken = this.inbox.splice(0)
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
