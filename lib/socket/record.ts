import { epochOf, type RecordEntry, type ResourceRecord } from "../timeline/record"
import type { Operation } from "./in-flight"
import type { TranscriptLog } from "./transcript"

/**
 * The lane of a test socket in a test's artifacts (issue 14): every entry of its transcript on
 * the epoch clock, and each wait still in flight (what a hang was waiting on) as an event.
 *
 * @example
 * ```ts
 * recordOfSocket(sock, log, inFlight.pending) // { kind: "socket", name: "req socket (…)", entries }
 * ```
 */
export function recordOfSocket(
  socket: { readonly name: string; readonly type: string; readonly endpoints: string[] },
  log: TranscriptLog,
  pending: readonly Operation[],
): ResourceRecord {
  const entries: RecordEntry[] = log.snapshot().map((e) => {
    const time = epochOf(log.born + e.at)
    return e.test === undefined
      ? { time, direction: e.direction, frames: e.frames }
      : { time, direction: e.direction, frames: e.frames, test: e.test }
  })
  for (const op of pending) {
    entries.push({
      time: epochOf(op.since),
      direction: "event",
      event: "waiting",
      note: `${op.name} pending (its own bound: ${op.timeout} ms)`,
    })
  }
  if (pending.length > 0) entries.sort((a, b) => a.time - b.time)
  return {
    kind: "socket",
    name: socket.name,
    type: socket.type,
    endpoints: socket.endpoints,
    entries,
    dropped: log.dropped,
  }
}
