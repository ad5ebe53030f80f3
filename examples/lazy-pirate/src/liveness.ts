/**
 * Heartbeat bookkeeping, Paranoid Pirate style, free of sockets and timers so
 * it can be unit tested: the monitor pings every interval and calls `tick()`
 * then; a pong calls `heard()`. A peer that stayed silent for `max` ticks in a
 * row is declared silent, so a dead or unreachable peer is noticed within
 * `max + 1` intervals of its last word — whether the connection broke (which
 * TCP may report) or just went quiet (which nothing else reports).
 */

export type Beat =
  | { kind: "alive" }
  /** Nothing heard since the last tick; `left` more such ticks until silent. */
  | { kind: "missed"; left: number }
  /** `max` ticks in a row without a word: silent for `for` ms (since the last word). */
  | { kind: "silent"; for: number }

export class Liveness {
  private left: number
  private heardSinceTick = false
  private lastHeard: number
  private silent = false

  /** `max`: how many intervals in a row may pass without a word. `now`: ms, any clock. */
  constructor(
    private readonly max: number,
    now: number,
  ) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`liveness: expected an integer >= 1, got ${max}`)
    }
    this.left = max
    this.lastHeard = now
  }

  /**
   * The peer said something. Returns how long it had been silent if it had
   * been declared silent (it is back), else `undefined`.
   */
  heard(now: number): number | undefined {
    const back = this.silent ? now - this.lastHeard : undefined
    this.heardSinceTick = true
    this.lastHeard = now
    this.silent = false
    this.left = this.max
    return back
  }

  /** One interval passed. */
  tick(now: number): Beat {
    if (this.heardSinceTick) {
      this.heardSinceTick = false
      return { kind: "alive" }
    }
    this.left -= 1
    if (this.left > 0) return { kind: "missed", left: this.left }
    // Count again from full: a monitor that reconnects gives the new connection `max` ticks.
    this.left = this.max
    this.silent = true
    return { kind: "silent", for: now - this.lastHeard }
  }
}
