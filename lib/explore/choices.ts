import { seeded, type Random } from "../faults/prng"

/** One choice a run made: among `count` messages waiting, the one of rank `rank` went first. */
export interface Decision {
  /** How many messages were waiting at the heads of their queues. */
  readonly count: number
  /** The rank of the one released, in arrival order at the links: 0 for the first (no reordering). */
  readonly rank: number
}

/**
 * Where a run's choices come from: a seed (each choice drawn at random among the waiting
 * messages), or a forced list of ranks (the order a shrink tries, or a replay), after which
 * every choice is the arrival order. A choice is a rank among the messages waiting at that
 * moment, so every list can be followed: it never names a message that has not come.
 *
 * @example
 * ```ts
 * const choices = new Choices({ seed: 42 })
 * choices.next(3) // 0, 1 or 2, the same on every run with seed 42
 * ```
 */
export class Choices {
  /** The choices made so far, in order. */
  readonly made: Decision[] = []
  private readonly random: Random | undefined
  /** Forced ranks past what the choices offered (a replay on a run that went otherwise). */
  unfollowed = 0

  constructor(readonly source: { readonly seed: number; readonly forced?: readonly number[] }) {
    this.random = source.forced ? undefined : seeded(source.seed)
  }

  /** The rank of the message to release among `count` waiting (count ≥ 2). */
  next(count: number): number {
    const i = this.made.length
    let rank: number
    if (this.random) rank = Math.floor(this.random() * count)
    else {
      const wanted = this.source.forced![i] ?? 0
      rank = Math.min(wanted, count - 1)
      if (rank !== wanted) this.unfollowed++
    }
    this.made.push({ count, rank })
    return rank
  }

  /** The ranks made, without the trailing arrival-order ones: what forces this run's order. */
  get ranks(): number[] {
    const ranks = this.made.map((d) => d.rank)
    while (ranks.length > 0 && ranks[ranks.length - 1] === 0) ranks.pop()
    return ranks
  }

  /** How many choices left the arrival order (released a message that came later). */
  get reorderings(): number {
    return this.made.filter((d) => d.rank > 0).length
  }

  /** Forced choices the run never came to: it ended, or went otherwise, first. */
  get unused(): number {
    const forced = this.source.forced
    if (!forced) return 0
    let last = forced.length
    while (last > 0 && forced[last - 1] === 0) last--
    return Math.max(0, last - this.made.length)
  }
}
