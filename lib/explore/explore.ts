import { ExploreFailedError, UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted } from "../core/interrupt"
import { requireRegistered } from "../core/registration"
import type { Scope } from "../core/scope"
import { settings } from "../settings"
import { CallSite } from "../util/call-site"
import { Choices } from "./choices"
import { loadFastCheck } from "./fast-check"
import { checkExploreOptions, type ExploreOptions } from "./options"
import { orderKey, sameOrder } from "./order"
import { exploreFailure, exploreLane, type ReplayCheck } from "./report"
import type { ExploreRun } from "./run"
import { runOne, type RunContext, type RunOutcome } from "./run-one"
import { search } from "./search"
import { chooseSeed, formatSeed, SEED_VARIABLE, type Seed } from "./seed"

/**
 * What a passing exploration did.
 *
 * @example
 * ```ts
 * const result = await explore({ runs: 100 }, body)
 * console.log(`${result.runs} runs, ${result.orders} distinct orders, seed ${result.seed}`)
 * ```
 */
export interface ExploreResult {
  /** The seed explored (or replayed): `ZMQ_HARNESS_SEED=<seed>` runs the same again. */
  readonly seed: string
  /** Runs done. */
  readonly runs: number
  /** Distinct orders among them. */
  readonly orders: number
  /** Why it stopped: every run done, the time budget, or a replay (one run). */
  readonly stoppedBy: "runs" | "time" | "replay"
  /**
   * Runs in which messages reached the links more than `quiet` ms after the release before
   * them, and how many: not answers to a release but sent after a timer, or by a process still
   * starting or slower than `quiet`. Where they fall in an order depends on time, so a seed may
   * not replay those runs exactly; 0 when every order was the seed's alone.
   */
  readonly late: { readonly runs: number; readonly messages: number }
  /** How long it took, in ms. */
  readonly ms: number
}

/** True while an exploration runs: one cannot run inside another's run. */
let exploring = false

/**
 * Explores the orders in which messages can cross the links of a test: runs `body` up to
 * `runs` times, each time as a test of its own (its processes, sockets and links closed
 * before the next run), and each time the links made with `faultyLink({ target, schedule:
 * run })` hold every whole message they carry and release them one at a time, in an order
 * chosen from the seed. A run that fails is shrunk to a smallest failing order (the fewest
 * reorderings from the order the messages reached the links), and explore() throws
 * {@link ExploreFailedError} with that order, its seed, and how many runs and orders were
 * tried; `ZMQ_HARNESS_SEED=<seed>` replays it exactly (one run). Needs fast-check
 * (`npm i -D fast-check`), loaded on first use.
 *
 * @example
 * ```ts
 * it("applies no stale update, whatever the order", async function () {
 *   this.timeout(70_000)
 *   await explore({ runs: 100 }, async (run) => {
 *     const updates = await faultyLink({ target: server.updates, schedule: run, name: "updates" })
 *     const snapshots = await faultyLink({ target: server.snapshots, schedule: run, name: "snapshots" })
 *     const client = await startModule("src/client.ts", [updates.endpoint, snapshots.endpoint])
 *     await expect(client).to.exit(0)
 *   })
 * })
 * ```
 */
export async function explore(
  options: ExploreOptions,
  body: (run: ExploreRun) => Promise<unknown>,
): Promise<ExploreResult> {
  const site = new CallSite(explore)
  try {
    requireRegistered()
    checkNotInterrupted("explore")
    const checked = checkExploreOptions(options, body)
    const seed = chooseSeed(checked.seed)
    if (exploring) {
      throw new UsageError(
        "expected explore() in a test, got a call inside the body of another explore(). " +
          "Explore one set of links at a time: make all of them in one body.",
      )
    }
    exploring = true
    try {
      const context: RunContext = {
        owner: currentScope(),
        body,
        runTimeout: checked.runTimeout,
        quiet: checked.quiet,
      }
      const started = performance.now()
      if (seed.forced) return await replay(context, seed, started)
      return await explorePlan(context, seed, checked, started)
    } finally {
      exploring = false
    }
  } catch (err) {
    throw site.apply(err as Error)
  }
}

/** One run of the order a seed forces: `ZMQ_HARNESS_SEED=42:0.1`. */
async function replay(context: RunContext, seed: Seed, started: number): Promise<ExploreResult> {
  const outcome = await runOne(context, new Choices(seed), 1)
  if (outcome.error) {
    const failure = exploreFailure({
      explored: seed,
      reported: outcome,
      runs: 1,
      shrinkRuns: 0,
      orders: 1,
    })
    keepForReport(context.owner, failure, outcome)
    throw failure
  }
  const { unused, unfollowed } = outcome.choices
  if (unused > 0 || unfollowed > 0) {
    process.stderr.write(
      `  zmq-harness: the replay of ${SEED_VARIABLE}=${formatSeed(seed)} passed, but could not follow the whole order ` +
        "(the run went otherwise before): it shows nothing about that order.\n",
    )
  }
  return {
    seed: formatSeed(seed),
    runs: 1,
    orders: 1,
    stoppedBy: "replay",
    late: { runs: outcome.late > 0 ? 1 : 0, messages: outcome.late },
    ms: performance.now() - started,
  }
}

/** The search from a seed, then the shrinking of a failing order and a check of its seed. */
async function explorePlan(
  context: RunContext,
  seed: Seed,
  budget: { runs: number; shrinks: number; time: number },
  started: number,
): Promise<ExploreResult> {
  const fc = loadFastCheck()
  const result = await search(fc, context, seed.seed, {
    runs: budget.runs,
    shrinks: budget.shrinks,
    deadline: started + budget.time,
  })
  const runs = result.searched + result.shrinkRuns
  if (result.stoppedBy === "crash") throw context.owner.failed!
  if (result.stoppedBy === "test ended") {
    throw new ExploreFailedError(
      `expected explore() to end within its test, got the test ended (Mocha's timeout?) after ${runs} runs. ` +
        "Give the test a timeout above explore's `time` budget: this.timeout(…).",
      {
        seed: formatSeed(seed),
        order: [],
        reorderings: 0,
        runs,
        foundAt: 0,
        foundReorderings: 0,
        orders: result.orders,
      },
    )
  }
  const smallest = result.smallest
  if (!smallest) {
    return {
      seed: formatSeed(seed),
      runs,
      orders: result.orders,
      stoppedBy: result.stoppedBy === "time" ? "time" : "runs",
      late: result.late,
      ms: performance.now() - started,
    }
  }
  // Does the seed replay it? One more run of the same forced order says (and is what the
  // report shows, when it failed the same way).
  const forced: Seed = { seed: seed.seed, forced: smallest.choices.ranks }
  const again = await runOne(context, new Choices(forced), runs + 1)
  const same = sameOrder(orderKey(again.steps), orderKey(smallest.steps))
  const check: ReplayCheck = again.error
    ? same
      ? "same order"
      : "other order"
    : same
      ? "passed"
      : "passed, other order"
  const reported = again.error && same ? again : smallest
  const failure = exploreFailure({
    explored: seed,
    reported,
    found: result.found,
    runs: runs + 1,
    shrinkRuns: result.shrinkRuns,
    orders: result.orders,
    replay: check,
    shrinkCut: result.stoppedBy === "time",
  })
  keepForReport(context.owner, failure, reported)
  throw failure
}

/**
 * The reported run's resources (closed, their records kept) and the exploration's own lane
 * join the test's artifacts, when artifacts are on: report.html shows the run as it was.
 */
function keepForReport(owner: Scope, failure: ExploreFailedError, outcome: RunOutcome): void {
  if (!settings.artifacts) return
  owner.released.push(exploreLane(failure, outcome), ...outcome.resources.filter((r) => r.record))
}
