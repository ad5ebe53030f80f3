import type { Random } from "./prng"
import type { ActiveRule, Direction } from "./rules"

/** The byte-level faults of one direction. */
export interface DirectionFaults {
  /** Added latency, in ms. */
  delay: number
  /** Spread of the latency: each unit gets `delay ± jitter` (uniform, never below 0). */
  jitter: number
  /** Bytes per second, or undefined for no limit. */
  rate: number | undefined
}

/**
 * The faults in force on a link: what every connection's pipes read for each
 * unit they forward, so a change applies at once to live connections.
 */
export class Faults {
  cut = false
  blackhole = false
  readonly upstream: DirectionFaults = { delay: 0, jitter: 0, rate: undefined }
  readonly downstream: DirectionFaults = { delay: 0, jitter: 0, rate: undefined }
  drop: ActiveRule | undefined
  duplicate: ActiveRule | undefined
  reorder: ActiveRule | undefined

  /** True when a message-level fault is set: the stream must be read to apply it. */
  get messageLevel(): boolean {
    return this.drop !== undefined || this.duplicate !== undefined || this.reorder !== undefined
  }

  /** True when a unit might not be forwarded at once, as it came. */
  get active(): boolean {
    return this.blackhole || this.messageLevel || this.slows("upstream") || this.slows("downstream")
  }

  /** True when units of `direction` wait (delay, jitter or bandwidth). */
  slows(direction: Direction): boolean {
    const d = this[direction]
    return d.delay > 0 || d.jitter > 0 || d.rate !== undefined
  }

  /** The latency of one unit going `direction`, drawn with `random` when there is jitter. */
  latency(direction: Direction, random: Random): number {
    const d = this[direction]
    if (d.jitter === 0) return d.delay
    return Math.max(0, d.delay + (random() * 2 - 1) * d.jitter)
  }

  /** Removes every fault. */
  clear(): void {
    this.cut = false
    this.blackhole = false
    for (const d of [this.upstream, this.downstream]) {
      d.delay = 0
      d.jitter = 0
      d.rate = undefined
    }
    this.drop = this.duplicate = this.reorder = undefined
  }

  /** `delay 50±10 ms upstream, drop every 3`, or `none`. */
  describe(): string {
    const parts: string[] = []
    if (this.cut) parts.push("cut")
    if (this.blackhole) parts.push("blackhole")
    const up = this.upstream
    const down = this.downstream
    const same = up.delay === down.delay && up.jitter === down.jitter && up.rate === down.rate
    for (const [label, d] of same
      ? ([["", up]] as const)
      : ([
          [" upstream", up],
          [" downstream", down],
        ] as const)) {
      if (d.delay > 0 || d.jitter > 0)
        parts.push(`delay ${d.delay}${d.jitter > 0 ? `±${d.jitter}` : ""} ms${label}`)
      if (d.rate !== undefined) parts.push(`bandwidth ${d.rate} B/s${label}`)
    }
    for (const rule of [this.drop, this.duplicate, this.reorder])
      if (rule) parts.push(rule.describe())
    return parts.length > 0 ? parts.join(", ") : "none"
  }
}
