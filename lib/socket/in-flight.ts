/** One operation in flight on a socket, for hang reports. */
export interface Operation {
  readonly name: string
  readonly since: number
  /** Its own bound, in ms. */
  readonly timeout: number
}

/**
 * The operations in flight on one socket. Several at once: a send and a receive may be pending
 * together (zeromq.js allows one of each), and a hang report must name every one of them, not
 * the one that started last, nor "idle" once the other has finished.
 *
 * @example
 * ```ts
 * const ops = new InFlight()
 * const op = ops.begin("receive", 1000)
 * ops.describe() // ["receive for 0 ms (its own bound: 1000 ms)"]
 * ops.end(op)
 * ```
 */
export class InFlight {
  // An array, not a Set: a Set hashes each fresh operation object, which cost a quarter of the
  // harness's overhead per received message (bench/throughput.ts); there are rarely more than two.
  private readonly ops: Operation[] = []

  /** Marks an operation as started; pass what it returns to {@link end}. */
  begin(name: string, timeout: number): Operation {
    const op = { name, since: performance.now(), timeout }
    this.ops.push(op)
    return op
  }

  /** Marks an operation as settled. */
  end(op: Operation): void {
    const i = this.ops.lastIndexOf(op)
    if (i >= 0) this.ops.splice(i, 1)
  }

  /** The operations in flight, oldest first (a test's artifacts show them on the socket's lane). */
  get pending(): readonly Operation[] {
    return this.ops
  }

  /** How many are in flight. */
  get size(): number {
    return this.ops.length
  }

  /** One phrase per operation in flight, oldest first: `receive for 306 ms (its own bound: …)`. */
  describe(): string[] {
    const now = performance.now()
    return this.ops.map(
      (op) => `${op.name} for ${Math.round(now - op.since)} ms (its own bound: ${op.timeout} ms)`,
    )
  }
}
