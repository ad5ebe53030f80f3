/**
 * A seeded pseudo-random generator for the random faults of a link, so that a
 * failing run can be replayed with the seed its failure message shows.
 *
 * mulberry32 (Tommy Ettinger, public domain): 32 bits of state, one multiply
 * chain per draw, good enough statistics for choosing which messages to drop.
 * Eight lines here rather than a dependency (pure-rand is well kept, but the
 * link needs one uniform draw, not its distributions).
 */

/** A function giving uniform numbers in [0, 1), the same sequence for the same seed. */
export type Random = () => number

/**
 * Makes a generator from a 32-bit seed (any integer; taken modulo 2^32).
 *
 * @example
 * ```ts
 * const random = seeded(7)
 * random() < 0.1 // the same answer on every run with seed 7
 * ```
 */
export function seeded(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A fresh seed for a link made without one; it is shown in every message of
 * the link so the run can be repeated with `faultyLink({ seed })`.
 *
 * @example
 * ```ts
 * const seed = freshSeed() // e.g. 2840917362
 * ```
 */
export function freshSeed(): number {
  return Math.floor(Math.random() * 4294967296)
}
