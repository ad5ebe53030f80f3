import type { RecordMark } from "../timeline/record"
import type { Direction } from "./rules"

/**
 * What a link made with `faultyLink({ target, schedule })` hands its messages to: the run of
 * an `explore()` body (lib/explore/run.ts) decides when each goes on. The link only holds
 * and releases; it knows nothing of seeds or orders, so the plain path (no schedule) stays
 * apart from the scheduled one.
 *
 * @example
 * ```ts
 * await explore({ runs: 50 }, async (run) => {
 *   const link = await faultyLink({ target: server.endpoint, schedule: run })
 * })
 * ```
 */
export interface LinkSchedule {
  /**
   * Takes a link into the schedule, under a name that stays the same from run to run
   * (`name`, else "link 1", "link 2"… in the order the run made them); returns where its
   * pipes hand their messages. Throws when the schedule no longer takes links (its run ended).
   *
   * @internal
   */
  admit(link: { readonly label: string | undefined }): MessageHold
}

/** Where a scheduled link's pipes hand what passes through them. */
export interface MessageHold {
  /** The link's name in orders and reports (see {@link LinkSchedule.admit}). */
  readonly linkName: string
  /** The link's place among the links of the run: 1 for the first it made. */
  readonly linkIndex: number
  /** A whole message reached the link: hold it until the schedule calls its `release`. */
  hold(message: HeldMessage): void
  /**
   * Something else passed that may lead to messages (a greeting, a handshake command, a
   * subscription, a connection): the link is not quiet yet. Heartbeats do not count.
   */
  activity(): void
  /** A connection is gone (closed, cut): what it held will never go on. */
  forget(queue: object): void
}

/** One message held on a scheduled link, as the schedule sees it. */
export interface HeldMessage {
  /** The link's name (see {@link LinkSchedule.admit}). */
  readonly link: string
  /** The link's place among the links of the run: 1 for the first it made. */
  readonly linkIndex: number
  /** The link's connection it came on: 1 for the first the link accepted. */
  readonly connection: number
  readonly direction: Direction
  /** The message's frames, as the link read them. */
  readonly frames: readonly Buffer[]
  /**
   * The queue it waits in: one per connection and direction. Messages of one queue go on
   * in the order they came (a TCP stream cannot overtake itself).
   */
  readonly queue: object
  /**
   * Lets it go on, through the link's ordered write path (after anything queued before it,
   * then its faults: delay, bandwidth), with what follows it in its stream (commands that
   * came after it). `note` and `mark` go into the link's transcript.
   */
  release(note: string, mark: RecordMark): void
}
