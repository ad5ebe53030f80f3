import { UsageError } from "../errors"
import type { LinkSchedule, MessageHold } from "../faults/schedule"
import type { Scheduler } from "./scheduler"

/**
 * One run of an exploration: what the body of `explore()` is given. Pass it to the links
 * the body makes, `faultyLink({ target, schedule: run })`: they hold every whole message
 * they carry and release them in the order this run chooses.
 *
 * @example
 * ```ts
 * await explore({ runs: 50 }, async (run) => {
 *   const link = await faultyLink({ target: server.endpoint, schedule: run })
 *   console.log(`run ${run.index}`)
 * })
 * ```
 */
export class ExploreRun implements LinkSchedule {
  private readonly names = new Map<string, number>()
  private links = 0
  private ended = false

  /** @internal Made by explore() for each run. */
  constructor(
    /** The run's number in the exploration: 1 for the first (shrinking runs count on). */
    readonly index: number,
    private readonly scheduler: Scheduler,
  ) {}

  /** @internal A link given `schedule: run` joins the run (see {@link LinkSchedule}). */
  admit(link: { readonly label: string | undefined }): MessageHold {
    if (this.ended) {
      throw new UsageError(
        `expected \`faultyLink({ schedule })\` to be the run that makes the link, got run ${this.index}, which has ended. ` +
          "Make the links of a run inside its body, with that run's `run`.",
      )
    }
    this.links++
    const base = link.label ?? `link ${this.links}`
    const n = (this.names.get(base) ?? 0) + 1
    this.names.set(base, n)
    const scheduler = this.scheduler
    return {
      linkName: n === 1 ? base : `${base} #${n}`,
      linkIndex: this.links,
      hold: (message) => scheduler.hold(message),
      activity: () => scheduler.activity(),
      forget: (queue) => scheduler.forget(queue),
    }
  }

  /** @internal The run is over: no link joins it any more, and nothing more is released. */
  end(): void {
    this.ended = true
    this.scheduler.stop()
  }
}
