import { within } from "../util/timers"

/**
 * Waits on a condition that changes when something happens (a subscription
 * arrives): each {@link signal} re-checks the waiters, each wait is bounded,
 * and {@link end} releases them all (`false`) when their owner closes.
 */
export class SignalList {
  private readonly waiters: (() => void)[] = []
  private ended = false

  /** Resolves `true` once `test()` holds, `false` after `ms` or at {@link end}. */
  async waitFor(test: () => boolean, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms
    while (!test()) {
      const left = deadline - performance.now()
      if (this.ended || left <= 0) return false
      let wake!: () => void
      const changed = new Promise<void>((resolve) => (wake = resolve))
      this.waiters.push(wake)
      const result = await within(changed, left)
      const i = this.waiters.indexOf(wake)
      if (i >= 0) this.waiters.splice(i, 1)
      if (result.kind === "timeout") return test()
    }
    return true
  }

  /**
   * Resolves `true` once `test()` holds, `false` at {@link end}: for the
   * background work of a resource (a replayed stream waiting on the test's
   * requests), which its close ends. Not for a test's own waits, which are bounded.
   */
  async until(test: () => boolean): Promise<boolean> {
    while (!test()) {
      if (this.ended) return false
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
    return true
  }

  /** Something changed: every waiter re-checks its condition. */
  signal(): void {
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** The owner closed: every waiter gives up. */
  end(): void {
    this.ended = true
    this.signal()
  }
}
