import { UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { closestName } from "../util/closest-name"
import { DEFAULT_LISTEN, netAddress, type NetAddress } from "./address"
import type { LinkSchedule } from "./schedule"

/**
 * Options of {@link faultyLink}.
 *
 * @example
 * ```ts
 * const options: FaultyLinkOptions = { target: server.endpoint, seed: 7, name: "to the broker" }
 * ```
 */
export interface FaultyLinkOptions {
  /** The endpoint the link forwards to (where the application or peer is bound): tcp:// or ipc://. */
  target: string
  /** Where the link listens; default `"tcp://127.0.0.1:*"` (a random port: read `link.endpoint`). */
  listen?: string
  /** Seed of every random choice (jitter, `probability`); default a fresh one, shown in every message. */
  seed?: number
  /** A name for the link in reports, e.g. `"client → broker"`. */
  name?: string
  /** How many transcript entries to keep (default the socket transcript's, 1000); `false` or 0 keeps none. */
  transcript?: number | false
  /**
   * The run an `explore()` body is given: the link then holds every whole message it carries
   * and lets each go on when the run's schedule says (docs/explore.md). Commands (the
   * handshake, subscriptions, heartbeats) are never held on their own.
   */
  schedule?: LinkSchedule
}

const KEYS = ["target", "listen", "seed", "name", "transcript", "schedule"]

/** The options, checked. */
export interface CheckedOptions {
  target: NetAddress
  targetText: string
  listen: NetAddress
  seed: number | undefined
  name: string | undefined
  transcript: number | undefined
  schedule: LinkSchedule | undefined
}

/**
 * Checks the options of `faultyLink`: unknown keys, endpoints, seed.
 *
 * @example
 * ```ts
 * const checked = checkLinkOptions({ target: "tcp://127.0.0.1:5555" })
 * ```
 */
export function checkLinkOptions(options: unknown): CheckedOptions {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new UsageError(
      `expected \`faultyLink(options)\` to be an object such as { target: "tcp://127.0.0.1:5555" }, got ${describeValue(options)}.`,
    )
  }
  const o = options as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) {
      const guess = closestName(key, KEYS)
      throw new UsageError(
        `expected the options of \`faultyLink\` (${KEYS.join(", ")}), got an unknown option \`${key}\`.` +
          (guess ? ` Perhaps you meant \`${guess}\`?` : ""),
      )
    }
  }
  if (o.target === undefined) {
    throw new UsageError(
      "expected `faultyLink({ target })`, the endpoint the link forwards to, got no target. " +
        'Give the endpoint the application binds, e.g. { target: "tcp://127.0.0.1:5555" }.',
    )
  }
  const target = netAddress("target", o.target)
  const listen = netAddress("listen", o.listen ?? DEFAULT_LISTEN)
  if (o.seed !== undefined && (typeof o.seed !== "number" || !Number.isSafeInteger(o.seed))) {
    throw new UsageError(
      `expected \`faultyLink({ seed })\` to be a whole number, got ${describeValue(o.seed)}.`,
    )
  }
  if (o.name !== undefined && typeof o.name !== "string") {
    throw new UsageError(
      `expected \`faultyLink({ name })\` to be a string, got ${describeValue(o.name)}.`,
    )
  }
  const t = o.transcript
  if (
    t !== undefined &&
    t !== false &&
    (typeof t !== "number" || !Number.isSafeInteger(t) || t < 0)
  ) {
    throw new UsageError(
      `expected \`faultyLink({ transcript })\` to be a whole number (0 or more) or false, got ${describeValue(t)}.`,
    )
  }
  const schedule = o.schedule
  if (
    schedule !== undefined &&
    (schedule === null ||
      typeof schedule !== "object" ||
      typeof (schedule as Partial<LinkSchedule>).admit !== "function")
  ) {
    throw new UsageError(
      `expected \`faultyLink({ schedule })\` to be the run an explore() body is given, got ${describeValue(schedule)}. ` +
        "Make the link inside `explore({ runs }, async (run) => { … })` with { target, schedule: run }.",
    )
  }
  return {
    schedule: schedule as LinkSchedule | undefined,
    target,
    targetText: o.target as string,
    listen,
    seed: o.seed as number | undefined,
    name: o.name as string | undefined,
    transcript: t === false ? 0 : (t as number | undefined),
  }
}
