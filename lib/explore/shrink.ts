import type { HeldMessage } from "../faults/schedule"
import type { RunOutcome } from "./run-one"
import { byArrival, type Held, type Step } from "./scheduler"

/**
 * How far an order is from arrival order: its reorderings (choices of a message that did not
 * come first), then the sum of their ranks (how many messages each overtook), then how many
 * choices it forces. Smaller is simpler; a shrink only keeps an order that is smaller.
 */
export interface Measure {
  readonly reorderings: number
  readonly overtaken: number
  readonly choices: number
}

/** The measure of a list of ranks (see {@link Measure}). */
export function measure(ranks: readonly number[]): Measure {
  const trimmed = trim(ranks)
  return {
    reorderings: trimmed.filter((r) => r > 0).length,
    overtaken: trimmed.reduce((n, r) => n + r, 0),
    choices: trimmed.length,
  }
}

/** True when `a` is simpler than `b`. */
export function simpler(a: Measure, b: Measure): boolean {
  if (a.reorderings !== b.reorderings) return a.reorderings < b.reorderings
  if (a.overtaken !== b.overtaken) return a.overtaken < b.overtaken
  return a.choices < b.choices
}

function trim(ranks: readonly number[]): number[] {
  const out = [...ranks]
  while (out.length > 0 && out[out.length - 1] === 0) out.pop()
  return out
}

/**
 * The ranks that make a run release `order`, if the next run can follow it: replays the
 * failing run's queues, where a message is waiting once the one before it in its queue went
 * and once every message released before it arrived in the failing run went too (it may be
 * their answer). Undefined when `order` needs a message before it can have come.
 */
function ranksOf(order: readonly Held[], outcome: RunOutcome): number[] | undefined {
  const released = new Set<HeldMessage>()
  const before = outcome.steps.map((s) => s.message)
  const queues = new Map<object, Held[]>()
  for (const h of [...outcome.steps, ...outcome.held]) {
    let queue = queues.get(h.message.queue)
    if (!queue) queues.set(h.message.queue, (queue = []))
    queue.push(h)
  }
  for (const queue of queues.values()) queue.sort((a, b) => a.position - b.position)
  const waiting = (h: Held) => before.slice(0, h.arrivedAfter).every((m) => released.has(m))
  const ranks: number[] = []
  for (const next of order) {
    const heads: Held[] = []
    for (const queue of queues.values()) {
      const head = queue.find((h) => !released.has(h.message))
      if (head && waiting(head)) heads.push(head)
    }
    heads.sort(byArrival)
    const rank = heads.findIndex((h) => h.message === next.message)
    if (rank < 0) return undefined
    if (heads.length > 1) ranks.push(rank)
    released.add(next.message)
  }
  return trim(ranks)
}

/**
 * Simpler orders to try after `outcome` failed, most promising first, each one the next run
 * can follow and each simpler than the failing one:
 * 1. one reordered message put back: taken out of the order and released just before the
 *    first later message that may need it (the next of its queue, or one that arrived after
 *    it went), or after the failure when none does; the other reorderings keep their messages;
 * 2. one choice set back to arrival order, in place (latest first);
 * 3. one choice that overtakes one message fewer.
 *
 * @example
 * ```ts
 * for (const ranks of simplerOrders(failing)) await runOne(context, new Choices({ seed, forced: ranks }), ++n)
 * ```
 */
export function simplerOrders(outcome: RunOutcome): number[][] {
  const steps = outcome.steps
  const made = outcome.choices.made.map((d) => d.rank)
  const current = measure(made)
  const proposals: number[][] = []
  for (let i = steps.length - 1; i >= 0; i--) {
    if (steps[i].rank === 0) continue
    const ranks = ranksOf(putBack(steps, i), outcome)
    if (ranks) proposals.push(ranks)
  }
  for (let i = made.length - 1; i >= 0; i--) {
    if (made[i] > 0) proposals.push(trim(made.map((r, j) => (j === i ? 0 : r))))
  }
  for (let i = made.length - 1; i >= 0; i--) {
    if (made[i] > 1) proposals.push(trim(made.map((r, j) => (j === i ? r - 1 : r))))
  }
  const seen = new Set<string>()
  return proposals.filter((ranks) => {
    const key = ranks.join(".")
    if (seen.has(key) || !simpler(measure(ranks), current)) return false
    seen.add(key)
    return true
  })
}

/** The order with step `i` moved later: before the first step that may need it, or out. */
function putBack(steps: readonly Step[], i: number): Held[] {
  const moved = steps[i]
  const rest: Held[] = steps.filter((_, j) => j !== i)
  const needs = (s: Held) =>
    (s.message.queue === moved.message.queue && s.position > moved.position) || s.arrivedAfter > i
  const at = rest.findIndex((s, j) => j >= i && needs(s))
  if (at >= 0) rest.splice(at, 0, moved)
  return rest
}
