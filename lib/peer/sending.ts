import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { checkCount } from "../util/count"
import { optionalDuration } from "../util/duration"
import { delay as pause } from "../util/timers"
import type { ReplyFrame } from "./reply-frames"

/**
 * Frames to send, or a function of the message's index that makes them (it may be async).
 *
 * @example
 * ```ts
 * const ticks: PublishFrames = (i) => ["weather", { temp: 20 + (i % 5) }]
 * ```
 */
export type PublishFrames =
  | readonly ReplyFrame[]
  | ((index: number) => readonly ReplyFrame[] | Promise<readonly ReplyFrame[]>)

/**
 * Options of `publish()`.
 *
 * @example
 * ```ts
 * await pub.publish(["tick"], { every: 10, count: 100 })
 * ```
 */
export interface PublishOptions {
  /** ms between two messages, from the first (checked: a finite duration). Default 0: as fast as sends go. */
  every?: number
  /** How many messages (a whole number, 1 or more). Default 1. */
  count?: number
}

/**
 * Options of `send()`.
 *
 * @example
 * ```ts
 * await push.send(["job", 1], { delay: 50 })
 * ```
 */
export interface PeerSendOptions {
  /** ms to wait before sending (checked). Default 0. */
  delay?: number
  /** Bound of the send itself, in ms. Default: the peer's `timeout`. */
  timeout?: number
  // cassette
  /**
   * Frames sent as they are before the message: on a router peer, the envelope of the peer
   * to send to (a request's `envelope`), which lets a router send a second reply to a request.
   */
  envelope?: readonly Buffer[]
}

/**
 * Checks the options of `publish()`: `every` a duration (default 0), `count` a whole number of
 * 1 or more (default 1).
 *
 * @example
 * ```ts
 * const { every, count } = checkPublishOptions({ every: 10, count: 100 })
 * ```
 */
export function checkPublishOptions(options: unknown): { every: number; count: number } {
  if (options === null || typeof options !== "object")
    throw new UsageError(
      `expected the options of publish() as an object such as { every: 10, count: 100 }, got ${describeValue(options)}.`,
    )
  const given = options as PublishOptions
  const every = optionalDuration("publish(frames, { every })", given.every, 0)
  const count =
    given.count === undefined ? 1 : checkCount("publish(frames, { count })", given.count)
  return { every, count }
}

/**
 * Runs `step(i)` for i from 0 to `count - 1`, the i-th at `i * every` ms after the first, never
 * early: libuv's timers count whole ms from a cached clock and may fire a fraction of a ms
 * before `performance.now()` reaches the time asked for. Resolves false when `signal` aborts
 * a pause (then `stopped` says after how many).
 *
 * @example
 * ```ts
 * await onSchedule(100, 10, signal, (i) => send(i))
 * ```
 */
export async function onSchedule(
  count: number,
  every: number,
  signal: AbortSignal,
  step: (index: number) => Promise<void>,
): Promise<{ completed: boolean; sent: number }> {
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    for (let wait = started + i * every - performance.now(); wait > 0;) {
      if (!(await pause(Math.ceil(wait), { signal }))) return { completed: false, sent: i }
      wait = started + i * every - performance.now()
    }
    if (signal.aborted) return { completed: false, sent: i }
    await step(i)
  }
  return { completed: true, sent: count }
}
