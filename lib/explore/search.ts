import { testEnded } from "../core/end-of-test"
import { Choices } from "./choices"
import type { FastCheck } from "./fast-check"
import { orderKey } from "./order"
import { runOne, type RunContext, type RunOutcome } from "./run-one"
import { measure, simpler, simplerOrders } from "./shrink"

/** The limits of one exploration. */
export interface SearchBudget {
  /** Runs with orders drawn from the seed, at most. */
  readonly runs: number
  /** Runs spent shrinking a failing order, at most. */
  readonly shrinks: number
  /** `performance.now()` past which no run starts. */
  readonly deadline: number
}

/** How a search ended. */
export interface SearchResult {
  /** Runs with orders drawn from the seed. */
  readonly searched: number
  /** Runs spent shrinking. */
  readonly shrinkRuns: number
  /** Distinct orders among all runs. */
  readonly orders: number
  /** Runs in which messages came late (their place in the order depends on time), and how many. */
  readonly late: { readonly runs: number; readonly messages: number }
  /** The first failing run, as it was found, if any. */
  readonly found: RunOutcome | undefined
  /** The smallest failing run the shrinking reached (the found one when nothing smaller failed). */
  readonly smallest: RunOutcome | undefined
  /**
   * What stopped it: every run done, a failure, the time budget, the test's end (Mocha's
   * timeout), or a crash of the test's own process (made before explore(): no order's fault).
   */
  readonly stoppedBy: "runs" | "failure" | "time" | "test ended" | "crash"
}

/**
 * One candidate order: where its choices come from, and, once run, how it went (its
 * shrinks are read from the choices it actually made).
 */
interface Candidate {
  readonly source: { readonly seed: number; readonly forced?: readonly number[] }
  outcome?: RunOutcome
}

/**
 * Searches the orders of the body's runs with fast-check's runner: each of `runs` runs draws
 * a seed of its own from the exploration's seed (fast-check's generator) and makes every
 * choice from it; a failing run is shrunk by fast-check's loop over the simpler orders
 * lib/explore/shrink.ts proposes from what that run did (each one an order the next run can
 * follow), keeping a failing one only when it is simpler, so the smallest failing order has
 * the fewest reorderings from arrival order the budget could reach. (fast-check's own
 * `scheduler()` does not shrink: its choices are a random generator, not a value.)
 *
 * @example
 * ```ts
 * const result = await search(loadFastCheck(), context, 42, { runs: 100, shrinks: 100, deadline })
 * ```
 */
export async function search(
  fc: FastCheck,
  context: RunContext,
  seed: number,
  budget: SearchBudget,
): Promise<SearchResult> {
  let index = 0
  let searched = 0
  let shrinkRuns = 0
  let stoppedBy: SearchResult["stoppedBy"] = "runs"
  let found: RunOutcome | undefined
  let smallest: RunOutcome | undefined
  const orders = new Set<string>()
  const late = { runs: 0, messages: 0 }
  const tried = new Set<string>()
  const over = () => {
    if (stoppedBy === "crash") return true
    if (testEnded(context.owner) || context.owner.ending) stoppedBy = "test ended"
    else if (performance.now() > budget.deadline) stoppedBy = "time"
    else return false
    return true
  }

  class OrderArbitrary extends fc.Arbitrary<Candidate> {
    generate(mrng: InstanceType<FastCheck["Random"]>) {
      return new fc.Value<Candidate>({ source: { seed: mrng.nextInt() >>> 0 } }, undefined)
    }
    canShrinkWithoutContext(_value: unknown): _value is Candidate {
      return false
    }
    shrink(value: Candidate) {
      return new fc.Stream(shrinks(value)).map((c) => new fc.Value(c, undefined))
    }
  }

  function* shrinks(failing: Candidate): Generator<Candidate> {
    // Proposals from the run that failed last (the current smallest), each one simpler.
    if (!failing.outcome) return
    for (const forced of simplerOrders(failing.outcome)) {
      const key = forced.join(".")
      if (tried.has(key)) continue
      if (shrinkRuns >= budget.shrinks || over()) return
      tried.add(key)
      yield { source: { seed, forced } }
    }
  }

  const property = fc.asyncProperty(new OrderArbitrary(), async (candidate) => {
    const shrinking = candidate.source.forced !== undefined
    if (!shrinking && (found !== undefined || over())) return true
    const outcome = await runOne(context, new Choices(candidate.source), ++index)
    candidate.outcome = outcome
    if (shrinking) shrinkRuns++
    else searched++
    orders.add(orderKey(outcome.steps).join(" "))
    if (outcome.late > 0) {
      late.runs++
      late.messages += outcome.late
    }
    // A crash of the test's own process (made before explore) is no order's fault: stop.
    if (context.owner.failed) {
      stoppedBy = "crash"
      return true
    }
    if (!outcome.error) return true
    // A shrink that fails but is not simpler is no better counterexample: the loop goes on.
    const ranks = outcome.choices.made.map((d) => d.rank)
    if (smallest && !simpler(measure(ranks), measure(smallest.choices.made.map((d) => d.rank))))
      return true
    found ??= outcome
    smallest = outcome
    tried.add(outcome.choices.ranks.join("."))
    throw outcome.error
  })
  await fc.check(property, { seed: seed | 0, numRuns: budget.runs, verbose: 0 })
  if (found && stoppedBy === "runs") stoppedBy = "failure"
  return { searched, shrinkRuns, orders: orders.size, late, found, smallest, stoppedBy }
}
