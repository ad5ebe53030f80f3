import type { FailedWait } from "../timeline/failed-wait"
import type { RecordEntry, RecordMark, ResourceRecord } from "../timeline/record"
import { frameOut, preview, type FrameOut } from "./frames"
import type { SourceLine } from "./source-line"
import { bandsOf, groupByHost, type StoryBand } from "./hosts"

/** Lines of transcript.jsonl kept at most per test; past it, the newest are left out (and counted). */
export const MAX_LINES = 50_000

/** One lane of a test's story: the test itself, or one of its resources. */
export interface Lane {
  /** Its position, left to right: 0 is the test. */
  readonly index: number
  /** `"test"`, `"socket"`, `"peer"`, `"proxy"`, `"link"`, `"process"`, or `"outside"`. */
  readonly kind: string
  readonly name: string
  readonly type?: string
  readonly endpoints?: readonly string[]
  /** Entries its resource dropped to stay within its transcript's limit. */
  readonly dropped?: number
  /** True for a lane of the suite (a `before` hook's), shown for the test's time only. */
  readonly suite?: boolean
  /** A process's output, as its handle kept it. */
  readonly output?: { readonly stdout: string; readonly stderr: string }
  /** The topology host it lives in (lanes of one host are side by side). */
  readonly host?: string
}

/** One line of transcript.jsonl: something that happened on a lane. */
export interface Line {
  /** ms since the test started (its first `beforeEach` hook), to a tenth. */
  readonly t: number
  readonly lane: string
  readonly kind: string
  readonly type?: string
  readonly endpoint?: string
  readonly direction: RecordEntry["direction"]
  readonly frames?: readonly FrameOut[]
  readonly event?: string
  readonly note?: string
  /** For the failed wait: its operation, bound, and when it started and ran out (ms since the test started). */
  readonly operation?: string
  readonly timeout?: number
  readonly started?: number
  readonly deadline?: number
  /** True on what failed the test: the failed wait, a crash, the test's own failure. */
  readonly failed?: boolean
  /** What went wrong with this message where it was seen: a link `"dropped"` it, a peer found it `"unmatched"`… */
  readonly mark?: RecordMark
}

/** What the artifacts of one test are made of. */
export interface Story {
  readonly title: string
  readonly file?: string
  readonly state: "passed" | "failed"
  /** ms, as Mocha measured the test function. */
  readonly duration: number
  readonly error?: string
  /** What the test's resources saw go wrong ("zmq-harness also saw: …"). */
  readonly notices?: readonly string[]
  /** The test's own line the failure points at (the failed wait, the assertion). */
  readonly at?: SourceLine
  /** When the test started, ms since the epoch. */
  readonly started: number
  /** Partitions (and other stretches of time) in force during the test, on its clock. */
  readonly bands?: readonly StoryBand[]
  readonly lanes: readonly Lane[]
  readonly lines: readonly Line[]
  /** Index in {@link lines} of each line, and its lane's index (parallel to `lines`). */
  readonly laneOf: readonly number[]
  /** The previews of message lines (parallel to `lines`; "" for events). */
  readonly previews: readonly string[]
  /** Lines left out past {@link MAX_LINES}. */
  readonly linesLeftOut: number
}

/** A resource's record and whether it belongs to the suite (shown for the test's time only). */
export interface LaneSource {
  readonly record: ResourceRecord
  readonly suite: boolean
}

/** What the test is and how it ended. */
export interface TestFacts {
  readonly title: string
  readonly file?: string
  readonly state: "passed" | "failed"
  readonly duration: number
  readonly error?: string
  /** What the test's resources saw go wrong ("zmq-harness also saw: …"). */
  readonly notices?: readonly string[]
  /** The test's own line the failure points at. */
  readonly at?: SourceLine
  /** Epoch ms when the test started. */
  readonly started: number
  /** Epoch ms when it ended. */
  readonly ended: number
  readonly failedWait?: FailedWait
  /** True when Mocha's own timeout ended the test: the waits still pending are what hung. */
  readonly hung?: boolean
}

const round = (ms: number) => Math.round(ms * 10) / 10

/** Names made unique: a second lane of the same name gets ` #2`. */
function uniqueNames(sources: readonly LaneSource[]): string[] {
  const seen = new Map<string, number>()
  return sources.map(({ record }) => {
    const n = (seen.get(record.name) ?? 0) + 1
    seen.set(record.name, n)
    return n === 1 ? record.name : `${record.name} #${n}`
  })
}

interface Pending {
  time: number
  lane: number
  line: Omit<Line, "t" | "frames">
  frames?: readonly Buffer[]
}

/**
 * Merges the records of a test's resources into one story, in time order: every message and
 * event of its own resources, and of its suite's resources (the `before` hooks') those of the
 * test's time; the test's start and end on the test lane; the failed wait, with its deadline,
 * on the lane it waited on.
 *
 * @example
 * ```ts
 * const story = tellStory(facts, [{ record: sock.record(), suite: false }])
 * story.lines[0].event // "start"
 * ```
 */
export function tellStory(facts: TestFacts, given: readonly LaneSource[]): Story {
  const sources = groupByHost(given)
  const names = uniqueNames(sources)
  const lanes: Lane[] = [{ index: 0, kind: "test", name: "test" }]
  const pending: Pending[] = [
    {
      time: facts.started,
      lane: 0,
      line: { lane: "test", kind: "test", direction: "event", event: "start", note: facts.title },
    },
  ]
  sources.forEach(({ record, suite }, i) => {
    const index = lanes.length
    lanes.push({
      index,
      kind: record.kind,
      name: names[i],
      ...(record.type !== undefined && { type: record.type }),
      ...(record.endpoints && { endpoints: record.endpoints }),
      ...(record.dropped && { dropped: record.dropped }),
      ...(suite && { suite }),
      ...(record.output && { output: record.output }),
      ...(record.host !== undefined && { host: record.host }),
    })
    const endpoint = record.endpoints?.join(", ")
    for (const entry of record.entries) {
      // A suite's socket lived before the test: only what happened while it ran is its story.
      if (suite && entry.direction !== "event" && entry.time < facts.started) continue
      const crash =
        (entry.event === "exit" && /\(crash\)/.test(entry.note ?? "")) ||
        (entry.event === "waiting" && facts.hung === true)
      pending.push({
        time: entry.time,
        lane: index,
        frames: entry.frames,
        line: {
          lane: names[i],
          kind: record.kind,
          ...(record.type !== undefined && { type: record.type }),
          ...(endpoint && { endpoint }),
          direction: entry.direction,
          ...(entry.event !== undefined && { event: entry.event }),
          ...(entry.note !== undefined && { note: entry.note }),
          ...(entry.mark !== undefined && { mark: entry.mark }),
          ...(crash && facts.state === "failed" && { failed: true }),
        },
      })
    }
  })
  const wait = facts.failedWait
  if (wait) {
    const index = lanes.findIndex((l) => l.name === wait.lane)
    const lane = index >= 0 ? index : 0
    pending.push({
      time: wait.deadline,
      lane,
      line: {
        lane: lanes[lane].name,
        kind: lanes[lane].kind,
        ...(lanes[lane].type !== undefined && { type: lanes[lane].type }),
        ...(lanes[lane].endpoints?.length && { endpoint: lanes[lane].endpoints!.join(", ") }),
        direction: "event",
        event: "wait-failed",
        note: `${wait.operation} timed out after ${wait.timeout} ms`,
        operation: wait.operation,
        timeout: wait.timeout,
        started: round(wait.started - facts.started),
        deadline: round(wait.deadline - facts.started),
        failed: true,
      },
    })
  }
  pending.push({
    time: facts.ended,
    lane: 0,
    line: {
      lane: "test",
      kind: "test",
      direction: "event",
      event: facts.state,
      ...(facts.error !== undefined && { note: firstLine(facts.error) }),
      // Red only when nothing else says why (a failed wait, a crash, a hung wait).
      ...(facts.state === "failed" && !pending.some((p) => p.line.failed) && { failed: true }),
    },
  })
  // Stable: entries of one lane keep their order when times tie.
  pending.sort((a, b) => a.time - b.time)
  const kept = pending.length > MAX_LINES ? pending.slice(0, MAX_LINES) : pending
  const lines: Line[] = []
  const laneOf: number[] = []
  const previews: string[] = []
  for (const p of kept) {
    const frames = p.frames
    lines.push({
      t: round(p.time - facts.started),
      ...p.line,
      ...(frames && { frames: frames.map(frameOut) }),
    })
    laneOf.push(p.lane)
    previews.push(frames ? preview(frames) : "")
  }
  const bands = bandsOf(sources, facts.started)
  return {
    title: facts.title,
    ...(facts.file !== undefined && { file: facts.file }),
    state: facts.state,
    duration: facts.duration,
    ...(facts.error !== undefined && { error: facts.error }),
    ...(facts.notices?.length && { notices: facts.notices }),
    ...(facts.at && { at: facts.at }),
    started: facts.started,
    ...(bands.length > 0 && { bands }),
    lanes,
    lines,
    laneOf,
    previews,
    linesLeftOut: pending.length - kept.length,
  }
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0]
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}
