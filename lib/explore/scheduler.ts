import type { HeldMessage } from "../faults/schedule"
import { epochOf } from "../timeline/record"
import type { Choices } from "./choices"

/** A message held by a run, with where it stands. */
export interface Held {
  readonly message: HeldMessage
  /** Its place in the order the run's messages reached the links: 1 for the first. */
  readonly arrival: number
  /** Its place in its own queue (connection and direction): 1 for the first. */
  readonly position: number
  /**
   * How many messages the run had released when it arrived: it may have been caused by any
   * of them (a reply to a request), so an order that puts it before one of them may not be
   * one the next run can follow.
   */
  readonly arrivedAfter: number
}

/** One release of a run: what went on, and what it overtook. */
export interface Step extends Held {
  /** How many messages were waiting at the heads of their queues. */
  readonly count: number
  /** Its rank among them in arrival order ({@link byArrival}): 0 when it was first (no reordering). */
  readonly rank: number
  /** The waiting messages that came before it and went after it. */
  readonly overtook: readonly Held[]
  /** When it was released (epoch ms, the clock of the test's records). */
  readonly time: number
}

/**
 * The schedule of one explore() run: the links of the run hand it every whole message
 * ({@link hold}); it releases them one at a time. Before each release it waits until the
 * links are quiet — nothing has arrived and nothing was released for `quietMs` — because a
 * release causes new messages (a reply, a subscription's first update) and a choice made
 * before they come would differ from run to run. Then, among the messages at the heads of
 * their queues (one queue per connection and direction: a stream keeps its own order), it
 * releases the one its {@link Choices} name, by rank of arrival.
 *
 * Timers run before pending socket reads in Node's loop, so a quiet timer that fires is
 * checked once more on the next `setImmediate`, after the reads.
 */
export class Scheduler {
  /** The steps so far: the run's order. */
  readonly steps: Step[] = []
  /** Messages whose connection closed while they were held: they never went on. */
  readonly lost: Held[] = []
  /**
   * Messages that reached the links more than `quietMs` after the release before them: not
   * the answer to a release (a timer, a process still starting or slower than `quietMs`), so
   * where they fall in the order depends on time, and the seed may not replay it exactly.
   */
  late = 0
  private lastRelease: number | undefined
  private readonly queues = new Map<object, Held[]>()
  private readonly positions = new Map<object, number>()
  private arrivals = 0
  private waiting = 0
  private lastActivity = performance.now()
  private timer: NodeJS.Timeout | undefined
  private immediate: NodeJS.Immediate | undefined
  private stopped = false

  constructor(
    private readonly choices: Choices,
    private readonly quietMs: number,
  ) {}

  /** A message reached a link of the run: it waits for its turn. */
  hold(message: HeldMessage): void {
    if (this.stopped) return
    const now = performance.now()
    if (this.lastRelease !== undefined && now - this.lastRelease > this.quietMs) this.late++
    const position = (this.positions.get(message.queue) ?? 0) + 1
    this.positions.set(message.queue, position)
    const held: Held = {
      message,
      arrival: ++this.arrivals,
      position,
      arrivedAfter: this.steps.length,
    }
    let queue = this.queues.get(message.queue)
    if (!queue) this.queues.set(message.queue, (queue = []))
    queue.push(held)
    this.waiting++
    this.activity()
  }

  /** Something passed or happened on a link of the run: it is not quiet. */
  activity(): void {
    this.lastActivity = performance.now()
    this.arm()
  }

  /** A connection closed: what it held is lost. */
  forget(queue: object): void {
    const held = this.queues.get(queue)
    if (!held) return
    this.queues.delete(queue)
    this.waiting -= held.length
    if (!this.stopped) this.lost.push(...held)
    this.activity()
  }

  /** What is held now, in arrival order. */
  get held(): Held[] {
    return [...this.queues.values()].flat().sort((a, b) => a.arrival - b.arrival)
  }

  /** Ends the run's schedule: no release from now on (what is held stays held). */
  stop(): void {
    this.stopped = true
    clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = this.immediate = undefined
  }

  private arm(): void {
    if (this.stopped || this.waiting === 0 || this.timer || this.immediate) return
    const wait = this.quietMs - (performance.now() - this.lastActivity)
    this.timer = setTimeout(
      () => {
        this.timer = undefined
        this.check()
      },
      Math.max(1, Math.ceil(wait)),
    )
  }

  private check(): void {
    if (performance.now() - this.lastActivity < this.quietMs) return this.arm()
    const seen = this.lastActivity
    this.immediate = setImmediate(() => {
      this.immediate = undefined
      if (this.lastActivity !== seen) this.arm()
      else this.release()
    })
  }

  /** Releases one message, the one the choices name among the heads of the queues. */
  private release(): void {
    const heads: Held[] = []
    for (const queue of this.queues.values()) if (queue.length > 0) heads.push(queue[0])
    if (heads.length === 0) return
    heads.sort(byArrival)
    const rank = heads.length > 1 ? this.choices.next(heads.length) : 0
    const chosen = heads[rank]
    this.queues.get(chosen.message.queue)!.shift()
    this.waiting--
    const step: Step = {
      ...chosen,
      count: heads.length,
      rank,
      overtook: heads.slice(0, rank),
      time: epochOf(performance.now()),
    }
    this.steps.push(step)
    const note =
      `released ${ordinal(this.steps.length)} by the explore() schedule` +
      (rank > 0 ? ` (reordered: before ${rank} that arrival order puts first)` : "")
    chosen.message.release(note, rank > 0 ? "reordered" : "held")
    this.activity()
    this.lastRelease = this.lastActivity
  }
}

/**
 * The arrival order of the messages waiting at a choice, as the run's choices count it: first
 * those that were waiting before the last release (in the order they came), then those that
 * came after it, which count as arriving together: among them, the link the run made first
 * goes first, then the lower connection, then upstream. The order in which messages of
 * different connections reach the links within one quiet window is noise (the kernel's and
 * the event loop's), not the program's: with it, the same seed would not always make the
 * same choices.
 *
 * @example
 * ```ts
 * heads.sort(byArrival) // heads[0] is what arrival order releases next
 * ```
 */
export function byArrival(a: Held, b: Held): number {
  if (a.arrivedAfter !== b.arrivedAfter) return a.arrivedAfter - b.arrivedAfter
  const x = a.message
  const y = b.message
  if (x.linkIndex !== y.linkIndex) return x.linkIndex - y.linkIndex
  if (x.connection !== y.connection) return x.connection - y.connection
  if (x.direction !== y.direction) return x.direction === "upstream" ? -1 : 1
  return a.arrival - b.arrival
}

/** 1st, 2nd, 3rd, 4th… */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`
}
