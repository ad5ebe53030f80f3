import { TimeoutError } from "../errors"
import { runInScope } from "../core/ownership"
import { checkEndOfTest } from "../core/end-of-test"
import { Scope, type CloseBound, type Resource } from "../core/scope"
import { epochOf } from "../timeline/record"
import { within } from "../util/timers"
import { Choices } from "./choices"
import { renderHeld } from "./order"
import { ExploreRun } from "./run"
import { Scheduler, type Held, type Step } from "./scheduler"

/** How long closing one run's resources may take. */
const CLOSE_BOUND_MS = 5000

/** What every run of one exploration shares. */
export interface RunContext {
  /** The scope of the test (or hook) that called explore(): each run's scope is its child. */
  readonly owner: Scope
  readonly body: (run: ExploreRun) => Promise<unknown>
  readonly runTimeout: number
  readonly quiet: number
}

/** How one run went. */
export interface RunOutcome {
  readonly index: number
  /** What failed it (the body's error, a crash, an unawaited assertion…), or undefined. */
  readonly error: Error | undefined
  /** Its order: the messages released, in order. */
  readonly steps: readonly Step[]
  /** Messages still held when it ended, and those lost with their connection. */
  readonly held: readonly Held[]
  readonly lost: readonly Held[]
  /** Messages that came later than `quiet` after the release before them (see Scheduler.late). */
  readonly late: number
  readonly choices: Choices
  /** Its resources (closed), kept for the report of a failing run. */
  readonly resources: readonly Resource[]
  readonly ms: number
  /** When its body ended (epoch ms, the clock of the test's records). */
  readonly ended: number
}

/**
 * The run as a resource of the test: a hang report (Mocha's timeout) lists what the run was
 * doing, and the test's end closes it if explore() could not.
 */
class RunResource implements Resource {
  readonly kind = "explore"
  constructor(
    private readonly scope: Scope,
    private readonly scheduler: Scheduler,
    private readonly index: number,
  ) {}

  close(bound?: CloseBound): Promise<void> {
    return this.scope.close(bound)
  }

  describe(): string {
    const held = this.scheduler.held
    const lines = [
      `explore() run ${this.index}: ${this.scheduler.steps.length} released, ${held.length} held` +
        (held.length > 0 ? `: ${renderHeld(held, this.scheduler.steps).join("; ")}` : ""),
      ...this.scope.describe().map((l) => "  " + l),
    ]
    return lines.join("\n")
  }
}

/**
 * Runs the body once, as a test of its own: in a scope of its own (what it makes belongs to
 * the run and is closed before this returns), within the run bound, with the checks of a
 * test's end (a crash no wait saw, an unawaited assertion, unread messages).
 *
 * @example
 * ```ts
 * const outcome = await runOne(context, new Choices({ seed: 7 }), 1)
 * if (outcome.error) console.log(renderOrder(outcome.steps))
 * ```
 */
export async function runOne(
  context: RunContext,
  choices: Choices,
  index: number,
): Promise<RunOutcome> {
  const started = performance.now()
  const scope = new Scope("test", `${context.owner.title} (explore() run ${index})`, context.owner)
  const scheduler = new Scheduler(choices, context.quiet)
  const run = new ExploreRun(index, scheduler)
  const resource = context.owner.add(new RunResource(scope, scheduler, index))
  let error: Error | undefined
  const body = runInScope(scope, () => Promise.resolve().then(() => context.body(run)))
  try {
    const result = await within(body, context.runTimeout, { ref: false })
    if (result.kind === "timeout") {
      body.catch(() => undefined) // it ends when its resources close, below
      error = runTimeout(index, context.runTimeout, scheduler, scope)
    }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err))
  }
  run.end()
  const ended = epochOf(performance.now())
  const held = scheduler.held
  // As at a test's end: a crash no wait saw (of the run, or of the test around it), then
  // unawaited assertions and unread messages.
  const crash = scope.takeUnseenFailure()
  error ??= crash
  Scope.noteSeen(error)
  const problem = await checkEndOfTest(scope, error)
  error ??= problem
  const resources = [...scope.released, ...scope.list()]
  await scope.close({
    deadline: performance.now() + CLOSE_BOUND_MS,
    reason: `the close bound of an explore() run (${CLOSE_BOUND_MS} ms)`,
  })
  context.owner.remove(resource)
  return {
    index,
    error,
    steps: scheduler.steps,
    held,
    lost: scheduler.lost,
    late: scheduler.late,
    choices,
    resources,
    ms: performance.now() - started,
    ended,
  }
}

function runTimeout(index: number, ms: number, scheduler: Scheduler, scope: Scope): TimeoutError {
  const held = scheduler.held
  const doing = scope.describe()
  return new TimeoutError(
    "explore run",
    ms,
    `expected explore() run ${index} to end within ${ms} ms (runTimeout), got a run still going. ` +
      (held.length > 0
        ? `Held on its links, never released:\n${renderHeld(held, scheduler.steps)
            .map((l) => "  " + l)
            .join("\n")}\n` +
          "The links were never quiet long enough to choose the next message (a program that sends on a timer faster than `quiet`?), or the body waits for something no message brings."
        : "Nothing was held on its links: the body waits for something no message brings (a lost request?).") +
      (doing.length > 0
        ? `\nWhat the run's resources were doing:\n${doing.map((l) => "  " + l).join("\n")}`
        : "") +
      "\nRaise `runTimeout` if the run needs longer.",
  )
}
