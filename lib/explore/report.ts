import { ExploreFailedError } from "../errors"
import type { Resource } from "../core/scope"
import { epochOf, type RecordEntry, type ResourceRecord } from "../timeline/record"
import { renderHeld, renderOrder } from "./order"
import type { RunOutcome } from "./run-one"
import { formatSeed, SEED_VARIABLE, type Seed } from "./seed"

/** How a check of the reported order (one more run of the same seed) went. */
export type ReplayCheck = "same order" | "other order" | "passed" | "passed, other order"

/** What the failure of an exploration (or of a replay) reports. */
export interface FailureFacts {
  /** The exploration's seed, or the replayed one. */
  readonly explored: Seed
  /** The run reported: the smallest failing order. */
  readonly reported: RunOutcome
  /** The first failing run, as found (a search only). */
  readonly found?: RunOutcome
  /** Runs in all, shrinking runs among them, distinct orders. */
  readonly runs: number
  readonly shrinkRuns: number
  readonly orders: number
  /** The check of the seed by one more run, when one was made. */
  readonly replay?: ReplayCheck
  /** True when the time budget cut the shrinking short. */
  readonly shrinkCut?: boolean
}

const indent = (lines: readonly string[], pad = "  ") => lines.map((l) => pad + l).join("\n")
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The seed that replays the reported run's order exactly. */
export function replaySeed(explored: Seed, outcome: RunOutcome): string {
  return formatSeed({ seed: explored.seed, forced: outcome.choices.ranks })
}

/** What the seed check found, in a sentence. */
function replaySentence(check: ReplayCheck | undefined): string | undefined {
  switch (check) {
    case "same order":
      return "Replayed once more here: the same order failed again."
    case "other order":
      return (
        "Replayed once more here: it failed, but the links released another order: the order depends on time as well as on the seed " +
        "(a message sent after a timer, or a process slower to answer than `quiet` ms), so the seed may not replay it exactly."
      )
    case "passed":
      return "Replayed once more here: the same order passed: the failure depends on more than the order of messages (time, or state the runs share)."
    case "passed, other order":
      return (
        "Replayed once more here: the links released another order, which passed: the order depends on time as well as on the seed " +
        "(a message sent after a timer, or a process slower to answer than `quiet` ms); raise `quiet`, or look at the timers."
      )
    default:
      return undefined
  }
}

/** Messages of the run that came late, in a sentence: the order depends on time too. */
function lateSentence(outcome: RunOutcome): string | undefined {
  if (outcome.late === 0) return undefined
  return (
    `${plural(outcome.late, "message")} of this run reached the links more than \`quiet\` ms after the release before ${outcome.late === 1 ? "it" : "them"} ` +
    "(sent after a timer, or by a process still starting or slower than `quiet`): where they fall in the order depends on time, so the seed may not replay it exactly."
  )
}

/** Forced choices a run could not follow, in a sentence (a replay that went otherwise). */
function unfollowedSentence(outcome: RunOutcome): string | undefined {
  const { unused, unfollowed } = outcome.choices
  if (unused === 0 && unfollowed === 0) return undefined
  return (
    `This run could not follow the whole order its seed forces (${plural(unused, "choice")} never came, ` +
    `${plural(unfollowed, "choice")} had fewer messages waiting): it went otherwise before, because of time or of a change in the program.`
  )
}

/**
 * The error of a failing exploration: the smallest failing order as lines, what was held,
 * the seed to replay it, the counts, and the run's own error as `cause`.
 *
 * @example
 * ```ts
 * throw exploreFailure({ explored, reported, runs: 9, shrinkRuns: 4, orders: 7 })
 * ```
 */
export function exploreFailure(facts: FailureFacts): ExploreFailedError {
  const { reported, found, explored } = facts
  const seed = replaySeed(explored, reported)
  const order = renderOrder(reported.steps, reported.held)
  const reorderings = reported.choices.reorderings
  const replaying = explored.forced !== undefined
  const head = replaying
    ? `expected the order of seed ${formatSeed(explored)} to pass, got a failure (a replay, one run).`
    : `expected every order explore() tried to pass, got a failing one at run ${found?.index ?? reported.index} ` +
      `(exploration seed ${explored.seed}; ${plural((found ?? reported).choices.reorderings, "reordering")}).`
  const counts = replaying
    ? `${plural(reorderings, "reordering")} from the order the messages reached the links`
    : `${plural(reorderings, "reordering")} from the order the messages reached the links; ` +
      `shrunk in ${plural(facts.shrinkRuns, "run")}${facts.shrinkCut ? " (cut short by the time budget)" : ""}; ` +
      `${plural(facts.runs, "run")} in all, ${plural(facts.orders, "distinct order")}`
  const lines = [
    head,
    `${replaying ? "Its order" : "Smallest failing order"} (${counts}):`,
    order.length > 0 ? indent(order) : "  (no message was released)",
  ]
  if (reported.held.length > 0)
    lines.push(
      `Held when it ended, never released:\n${indent(renderHeld(reported.held, reported.steps))}`,
    )
  if (reported.lost.length > 0)
    lines.push(
      `Lost with their connection while held:\n${indent(renderHeld(reported.lost, reported.steps))}`,
    )
  const checks = [
    replaySentence(facts.replay),
    unfollowedSentence(reported),
    lateSentence(reported),
  ].filter(Boolean)
  lines.push(...(checks as string[]))
  lines.push(
    `Replay it: ${SEED_VARIABLE}=${seed} (it wins over the \`seed\` option; the order counts from arrival at the links, not from sending).`,
  )
  const cause = reported.error
  lines.push(
    `The run failed with:\n${indent(String(cause?.stack ?? cause?.message ?? cause).split("\n"))}`,
  )
  return new ExploreFailedError(
    lines.join("\n"),
    {
      seed,
      order,
      reorderings,
      runs: facts.runs,
      foundAt: found?.index ?? reported.index,
      foundReorderings: (found ?? reported).choices.reorderings,
      orders: facts.orders,
    },
    { cause },
  )
}

/**
 * The exploration's lane in the test's artifacts (report.html, transcript.jsonl): the seed
 * and the counts, then each release of the reported run in order, then what stayed held. The
 * run's own resources (its links, sockets, processes) are lanes beside it.
 *
 * @example
 * ```ts
 * testScope.released.push(...outcome.resources, exploreLane(error, outcome))
 * ```
 */
export function exploreLane(error: ExploreFailedError, outcome: RunOutcome): Resource {
  const first = outcome.steps[0]?.time ?? epochOf(performance.now())
  const lines = renderOrder(outcome.steps, outcome.held)
  const entries: RecordEntry[] = [
    {
      time: first - 0.1,
      direction: "event",
      event: "explore",
      note:
        `seed ${error.seed}: ${plural(error.reorderings, "reordering")} from arrival order; ` +
        `found at run ${error.foundAt}; ${plural(error.runs, "run")} in all, ${plural(error.orders, "distinct order")}`,
    },
    ...outcome.steps.map((step, i): RecordEntry => ({
      time: step.time,
      direction: "event",
      event: step.rank > 0 ? "reordered" : "release",
      note: lines[i],
    })),
    ...renderHeld(outcome.held, outcome.steps).map((line): RecordEntry => ({
      time: outcome.ended,
      direction: "event",
      event: "held",
      note: `never released: ${line}`,
    })),
  ]
  const record: ResourceRecord = { kind: "explore", name: `explore() seed ${error.seed}`, entries }
  return {
    kind: "explore",
    close: async () => undefined,
    describe: () => record.name,
    record: () => record,
  }
}
