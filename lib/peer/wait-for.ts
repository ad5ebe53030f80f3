import { SocketClosedError } from "../errors"
import { currentScope } from "../core/ownership"
import { watched } from "../socket/watched"
import { within } from "../util/timers"

/**
 * The conditions a mock peer's waits (`done()`, `subscribed()`) are waiting on: each is
 * checked again whenever the peer's state changes, so no wait polls.
 *
 * @example
 * ```ts
 * const waits = new StateWaits()
 * const ok = await waits.until(() => expectationsMet(), 1000, "done()")
 * waits.changed() // after each message
 * ```
 */
export class StateWaits {
  private readonly waiters: (() => void)[] = []
  private closedBy: string | undefined

  /** Checks every pending wait again. */
  changed(): void {
    // A copy: a waiter that is satisfied removes itself from the list.
    for (const waiter of this.waiters.slice()) waiter()
  }

  /**
   * Ends every pending wait with a `SocketClosedError` (the peer is closing), and every later
   * one at once.
   */
  close(name: string): void {
    this.closedBy = name
    this.changed()
  }

  /**
   * Resolves true once `condition()` holds, false after `ms`; rejects at once when the
   * caller's scope fails (a crash, an unmatched message of a peer) or the peer closes.
   */
  async until(condition: () => boolean, ms: number, what: string): Promise<boolean> {
    if (condition()) return true
    let settle!: (error?: Error) => void
    const event = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve())
    })
    const waiter = () => {
      if (this.closedBy !== undefined)
        settle(
          new SocketClosedError(
            `expected ${this.closedBy} to stay open while ${what} waited, got it closed (the end of its test, or close()). ` +
              "Await the wait before the test ends.",
          ),
        )
      else if (condition()) settle()
    }
    this.waiters.push(waiter)
    waiter()
    try {
      return (await within(watched(currentScope(), event), ms)).kind === "settled"
    } finally {
      const i = this.waiters.indexOf(waiter)
      if (i >= 0) this.waiters.splice(i, 1)
      // Settles the event of a wait that timed out, so that `watched` forgets its listener.
      settle()
    }
  }
}
