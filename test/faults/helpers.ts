import * as zmq from "zeromq"
import { within } from "../../lib/util/timers"

/**
 * The events of a raw zeromq socket, read in a loop, waited on with a bound.
 * A raw socket because the test socket's own monitor already reads its events
 * (and does not wake a wait on "disconnect").
 */
export class EventLog {
  readonly seen: zmq.Event[] = []
  private wake: (() => void) | undefined

  constructor(private readonly raw: zmq.Socket) {
    void this.follow()
  }

  private async follow(): Promise<void> {
    try {
      for (;;) {
        this.seen.push(await this.raw.events.receive())
        this.wake?.()
      }
    } catch {
      // The socket closed.
    }
  }

  /** Waits until `count` events of `type` were seen in all; fails after `ms`. */
  async until(type: zmq.Event["type"], count: number, ms = 5000): Promise<void> {
    const enough = () => this.seen.filter((e) => e.type === type).length >= count
    while (!enough()) {
      const next = new Promise<void>((resolve) => (this.wake = resolve))
      const result = await within(next, ms)
      if (result.kind === "timeout") {
        throw new Error(
          `expected ${count} "${type}" event(s) within ${ms} ms, got ${this.seen.map((e) => e.type).join(", ")}`,
        )
      }
    }
  }
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}
