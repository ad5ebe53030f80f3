/**
 * What a resource of a test contributes to the story of that test: its lane in
 * `report.html` and its lines in `transcript.jsonl` (issue 14). Sockets, mock
 * peers, record proxies, fault links and processes each give one record; the
 * artifact writer merges them in time order.
 *
 * The record is taken BEFORE the test's scope closes its resources (the
 * artifact writer runs first), but a resource should still answer after its
 * close: keeping its log costs nothing more than the transcript already does.
 */

/** One thing that happened on a lane. */
export interface RecordEntry {
  /** When, in ms since the epoch (`performance.timeOrigin + performance.now()`): one clock for every lane. */
  readonly time: number
  /**
   * `"sent"`/`"received"` for a socket or peer (its own point of view);
   * `"upstream"` (towards the target) / `"downstream"` (back to the caller) for a link or proxy;
   * `"event"` for anything that is not a message (spawn, ready, exit, cut, heal, a fault…).
   */
  readonly direction: "sent" | "received" | "upstream" | "downstream" | "event"
  /** The message's frames, for a message. */
  readonly frames?: readonly Buffer[]
  /** For an event: a short name, e.g. `"spawn"`, `"ready"`, `"exit"`, `"signal"`, `"cut"`, `"drop"`. */
  readonly event?: string
  /** Free text for people: `"exit code 1"`, `"dropped (rule every: 3)"`, `"unmatched"`. */
  readonly note?: string
  /** The full title of the test running when it happened, when known. */
  readonly test?: string
  /**
   * What went wrong with this message, for the report to mark where it happened (a style and a
   * legend entry per mark): a fault link's `"dropped"`, `"duplicated"`, `"delayed"`,
   * `"reordered"` or `"held"` message; a mock peer's or replay's `"unmatched"` request; an
   * `"unexpected"` message. The `note` says the same for people.
   */
  readonly mark?: RecordMark
}

/** The kinds of {@link RecordEntry.mark}. */
export type RecordMark =
  "dropped" | "duplicated" | "delayed" | "reordered" | "held" | "unmatched" | "unexpected"

/** A stretch of time during which something was in force: a partition, a cut, a blackhole. */
export interface RecordBand {
  /** When it started, on the epoch clock of {@link RecordEntry.time}. */
  readonly start: number
  /** When it ended; absent while it was still in force when the record was taken. */
  readonly end?: number
  /** What it was, for people: `"partition broker | w1 w2 (drop)"`. */
  readonly label: string
  /** The lanes it concerns, by {@link ResourceRecord.host} or {@link ResourceRecord.name}; all when absent. */
  readonly concerns?: readonly string[]
}

/** One lane of the report: a socket, a mock peer, a link, a process. */
export interface ResourceRecord {
  /** `"socket"`, `"peer"`, `"proxy"`, `"link"`, `"process"`. */
  readonly kind: string
  /** Unique within the test, readable: the socket's name, `"peer rep tcp://127.0.0.1:5555"`, the process name. */
  readonly name: string
  /** The ZeroMQ socket type, for sockets and peers. */
  readonly type?: string
  /** Bound or connected endpoints, or a link's `listen → target`. */
  readonly endpoints?: readonly string[]
  /** Oldest first. */
  readonly entries: readonly RecordEntry[]
  /** Entries dropped to stay within the transcript's limit. */
  readonly dropped?: number
  /** A process's output, in full up to its cap. */
  readonly output?: { readonly stdout: string; readonly stderr: string }
  /** The network host (a `topology()` host) the resource lives in; lanes are grouped by it. */
  readonly host?: string
  /** Stretches of time drawn as bands over the diagram (a topology's partitions). */
  readonly bands?: readonly RecordBand[]
}

/** A resource that can give its record (see {@link ResourceRecord}). */
export interface Recordable {
  record(): ResourceRecord
}

/**
 * Converts a `performance.now()` reading to the epoch clock of {@link RecordEntry.time}.
 *
 * @example
 * ```ts
 * const entry: RecordEntry = { time: epochOf(performance.now()), direction: "event", event: "cut" }
 * ```
 */
export function epochOf(performanceNow: number): number {
  return performance.timeOrigin + performanceNow
}
