import type { RecordMark } from "../timeline/record"
import { relaysOf, sideLanes, type Relay } from "./relays"
import type { Lane, Line, Story } from "./story"

/**
 * One message drawn as an arrow: from the lane that sent it to the lane that received it,
 * through the links and proxies it crossed (`via`, dots on their lifelines). A message a link
 * dropped ends at that link.
 */
export interface ArrowRow {
  readonly kind: "arrow"
  readonly from: number
  readonly to: number
  /** The links and proxies it went through, in order (lane indexes). */
  readonly via: readonly number[]
  /** The transcript lines it stands for: the send, each link's line, the receive. */
  readonly lines: readonly number[]
  readonly t: number
  readonly label: string
  /** What went wrong with it (the first mark of its lines, the worst first). */
  readonly mark?: RecordMark
  /** The group of similar messages it is collapsed in, if any. */
  group?: number
  hidden?: boolean
}

/** Something that happened on one lane. */
export interface EventRow {
  readonly kind: "event"
  readonly lane: number
  readonly line: number
  readonly t: number
  readonly event: string
  readonly note: string
  readonly failed: boolean
}

/** The start of the wait that failed (its end is the `wait-failed` event). */
export interface WaitStartRow {
  readonly kind: "wait-start"
  readonly lane: number
  readonly t: number
  readonly note: string
}

/** Stands for similar messages in a row that are hidden until clicked. */
export interface RepeatRow {
  readonly kind: "repeat"
  readonly group: number
  readonly count: number
  readonly from: number
  readonly to: number
  readonly t: number
}

export type Row = ArrowRow | EventRow | WaitStartRow | RepeatRow

/** A story laid out as a sequence diagram. */
export interface Diagram {
  /**
   * The story's lanes, plus one `outside` lane per endpoint that a message came from or went
   * to and that no lane of the test is (named by that endpoint).
   */
  readonly lanes: readonly Lane[]
  readonly rows: readonly Row[]
}

/** Runs of similar messages longer than this are collapsed. */
const COLLAPSE_FROM = 6
/** How many of a collapsed run stay visible at its start (and 1 at its end). */
const KEEP_HEAD = 2
/** How far a receive may come before its send was noted (the send is noted when zeromq took it). */
const CLOCK_SLACK_MS = 5

/**
 * The marks, the worst first: an arrow shows the first of its lines'.
 *
 * @example
 * ```ts
 * MARKS.find((m) => marks.has(m)) // "dropped" before "delayed"
 * ```
 */
export const MARKS: readonly RecordMark[] = [
  "dropped",
  "unmatched",
  "unexpected",
  "duplicated",
  "reordered",
  "held",
  "delayed",
]

type Frames = NonNullable<Line["frames"]>

function frameKey(frame: Frames[number]): string {
  return "text" in frame ? `t:${frame.text}` : `b:${frame.base64}`
}

/** One message seen in two places: the frames of one end the other's (a router's envelope, a REQ's delimiter). */
function sameMessage(a: Line, b: Line): boolean {
  const fa = a.frames ?? []
  const fb = b.frames ?? []
  const n = Math.min(fa.length, fb.length)
  if (n === 0) return false
  for (let i = 1; i <= n; i++) {
    if (frameKey(fa[fa.length - i]) !== frameKey(fb[fb.length - i])) return false
  }
  return true
}

/** Which line handed each message to which: the links the messages crossed, matched by frames and time. */
interface Matching {
  /** Consumer line → producer line. */
  readonly producerOf: Map<number, number>
  /** Producer line → its consumer lines, in time order. */
  readonly consumersOf: Map<number, number[]>
}

/**
 * Matches each message line that takes a message (a receive; a link's or proxy's line, which
 * takes what a socket sent and hands it on) with the line that gave it: the earliest line of
 * the same message, on another lane, not later (but for clock slack), not given to that lane
 * yet (twice for a message a link duplicated), and on the side of the link it came from when
 * the endpoints tell. Links first, in time order, so that a receive behind a link takes the
 * link's line, not the send the link took.
 */
function match(story: Story, relays: ReadonlyMap<number, Relay>): Matching {
  const { lines, laneOf } = story
  const isRelay = (i: number) => relays.has(laneOf[i])
  const producers = new Map<string, number[]>()
  lines.forEach((line, i) => {
    const gives = line.direction === "sent" || (isRelay(i) && line.direction !== "event")
    if (!gives || !line.frames?.length) return
    const key = frameKey(line.frames[line.frames.length - 1])
    const list = producers.get(key)
    if (list) list.push(i)
    else producers.set(key, [i])
  })
  const producerOf = new Map<number, number>()
  const consumersOf = new Map<number, number[]>()
  const taken = new Map<string, number>() // `${producer}:${lane}` → times taken
  /** Lines whose message went on through a link: their other takers take the link's line. */
  const relayed = new Set<number>()
  const allowed = (p: number, c: number): boolean => {
    const from = relays.get(laneOf[p])
    if (from) {
      const to = sideLanes(from, lines[p].direction === "upstream" ? "server" : "client")
      if (to.size > 0 && !to.has(laneOf[c])) return false
      if (lines[p].mark === "dropped") return false
    }
    const via = relays.get(laneOf[c])
    if (via) {
      const fromSide = sideLanes(via, lines[c].direction === "upstream" ? "client" : "server")
      if (fromSide.size > 0 && !fromSide.has(laneOf[p])) return false
    }
    return true
  }
  const take = (c: number): void => {
    const line = lines[c]
    const candidates = producers.get(frameKey(line.frames![line.frames!.length - 1]))
    if (!candidates) return
    for (const p of candidates) {
      if (lines[p].t > line.t + CLOCK_SLACK_MS) break
      if (p === c || laneOf[p] === laneOf[c] || relayed.has(p)) continue
      const key = `${p}:${laneOf[c]}`
      const times = taken.get(key) ?? 0
      if (times >= (lines[p].mark === "duplicated" ? 2 : 1)) continue
      if (!allowed(p, c) || !sameMessage(lines[p], line)) continue
      taken.set(key, times + 1)
      producerOf.set(c, p)
      const list = consumersOf.get(p)
      if (list) list.push(c)
      else consumersOf.set(p, [c])
      if (isRelay(c)) relayed.add(p)
      return
    }
  }
  lines.forEach((line, i) => {
    if (isRelay(i) && line.direction !== "event" && line.frames?.length) take(i)
  })
  lines.forEach((line, i) => {
    if (line.direction === "received" && !isRelay(i) && line.frames?.length) take(i)
  })
  return { producerOf, consumersOf }
}

/**
 * Lays a story out as a sequence diagram: one row per message or event, in time order. A
 * message is one arrow from the lane that sent it to the lane that received it, through the
 * links and proxies it crossed (matched by their frames: router envelopes allowed). A side
 * that is no lane of the test is the one process under test when there is exactly one, the
 * link a socket is connected to, else a lane named by the endpoint. Long runs of similar
 * messages (same lanes, same shape, digits aside) are collapsed.
 *
 * @example
 * ```ts
 * const { lanes, rows } = layOut(story)
 * rows.filter((r) => r.kind === "arrow").length // one per message (and per extra receiver)
 * ```
 */
export function layOut(story: Story): Diagram {
  const lanes = [...story.lanes]
  const { lines, laneOf } = story
  const relays = relaysOf(lanes)
  const processes = lanes.filter((l) => l.kind === "process")
  const far = new Map<string, number>()
  /** The lane for what lies behind `endpoint`, out of the test. */
  const farLane = (endpoint: string | undefined): number => {
    if (processes.length === 1) return processes[0].index
    const name = endpoint || "outside the test"
    let index = far.get(name)
    if (index === undefined) {
      index = lanes.length
      far.set(name, index)
      lanes.push({
        index,
        kind: "outside",
        name,
        ...(endpoint && { endpoints: [endpoint] }),
      })
    }
    return index
  }
  /** Where a message of a socket (or peer) lane went, or came from, when no lane of the test took or gave it. */
  const otherSide = (lane: number): number => {
    const endpoints = lanes[lane].endpoints ?? []
    for (const relay of relays.values())
      if (endpoints.includes(relay.listen) || endpoints.includes(relay.target)) return relay.lane
    return farLane(endpoints.join(", ") || undefined)
  }
  /** The lane a link's message came from (`source`) or went to, when no lane of the test did. */
  const relayEnd = (relay: Relay, line: Line, end: "source" | "destination"): number => {
    const towardsTarget = line.direction === "upstream"
    const side = (end === "destination") === towardsTarget ? "server" : "client"
    // A peer (or replay) at the end is the one that answers there; else the first lane seen there.
    const known = [...sideLanes(relay, side)].sort(
      (a, b) => Number(lanes[b].kind === "peer") - Number(lanes[a].kind === "peer") || a - b,
    )
    if (known.length > 0) return known[0]
    return farLane(side === "server" ? relay.target : relay.listen)
  }

  const { producerOf, consumersOf } = match(story, relays)
  const rows: Row[] = []
  const markOf = (path: readonly number[]): RecordMark | undefined => {
    const marks = new Set(path.map((i) => lines[i].mark).filter(Boolean))
    return MARKS.find((m) => marks.has(m))
  }
  /** Every path from a message's first line through the links to a line that took it last. */
  const paths = (start: number): number[][] => {
    const next = consumersOf.get(start)
    if (!next?.length) return [[start]]
    return next.flatMap((c) => paths(c).map((p) => [start, ...p]))
  }
  const arrowsFrom = (root: number): ArrowRow[] => {
    const drawn = new Set<number>()
    return paths(root).map((path) => {
      const first = path[0]
      const last = path[path.length - 1]
      const via = path.filter((i) => relays.has(laneOf[i])).map((i) => laneOf[i])
      const firstRelay = relays.get(laneOf[first])
      const lastRelay = relays.get(laneOf[last])
      const from =
        lines[first].direction === "received"
          ? otherSide(laneOf[first])
          : firstRelay
            ? relayEnd(firstRelay, lines[first], "source")
            : laneOf[first]
      const to =
        lines[last].direction === "received"
          ? laneOf[last]
          : !lastRelay
            ? otherSide(laneOf[last])
            : lines[last].mark === "dropped"
              ? laneOf[last] // it ends where it was dropped
              : relayEnd(lastRelay, lines[last], "destination")
      const own = path.filter((i) => !drawn.has(i))
      own.forEach((i) => drawn.add(i))
      const shownVia = via.filter((lane) => lane !== to && lane !== from)
      const mark = markOf(path)
      return {
        kind: "arrow",
        from,
        to,
        via: shownVia,
        lines: own,
        t: lines[own[0]].t,
        label: story.previews[first],
        ...(mark && { mark }),
      }
    })
  }

  const pendingExtras: ArrowRow[] = []
  const waitLine = lines.findIndex((l) => l.event === "wait-failed")
  let waitStartPlaced = waitLine < 0
  lines.forEach((line, i) => {
    if (!waitStartPlaced && line.t >= lines[waitLine].started!) {
      waitStartPlaced = true
      rows.push({
        kind: "wait-start",
        lane: laneOf[waitLine],
        t: lines[waitLine].started!,
        note: `${lines[waitLine].operation} started (bound ${lines[waitLine].timeout} ms)`,
      })
    }
    if (line.direction === "event") {
      rows.push({
        kind: "event",
        lane: laneOf[i],
        line: i,
        t: line.t,
        event: line.event ?? "event",
        note: line.note ?? "",
        failed: line.failed === true,
      })
      return
    }
    if (!line.frames?.length) return
    // Drawn with the line it came from, unless this is the first place the message was seen.
    if (producerOf.has(i)) return
    const arrows = arrowsFrom(i)
    // Further receivers of one message (a pub to two subs) are drawn when they took it.
    rows.push(arrows[0])
    for (const extra of arrows.slice(1)) pendingExtras.push(extra)
  })
  const ordered = [...rows, ...pendingExtras].sort((a, b) => a.t - b.t)
  return { lanes, rows: collapse(ordered) }
}

/** The shape of an arrow, digits aside: arrows of one shape in a row are "repeats". */
function shape(row: ArrowRow): string {
  return `${row.from}>${row.via.join(">")}>${row.to}:${row.mark ?? ""}:${row.label.replace(/\d+/g, "#")}`
}

/** How long a run of repeats from `i` is when each row repeats the one `period` rows before it. */
function runLength(
  rows: readonly Row[],
  shapes: readonly (string | undefined)[],
  i: number,
  period: number,
): number {
  for (let k = i; k < i + period; k++) if (shapes[k] === undefined) return 0
  let j = i + period
  while (j < rows.length && shapes[j] !== undefined && shapes[j] === shapes[j - period]) j++
  return j - i
}

/**
 * Hides the middle of each long run of similar arrows behind one `repeat` row: the same arrow
 * again and again (a burst), or the same pair of arrows (a request and its reply, in a loop).
 * The first rounds and the last stay visible.
 */
function collapse(rows: Row[]): Row[] {
  const shapes = rows.map((row) => (row.kind === "arrow" ? shape(row) : undefined))
  const out: Row[] = []
  let group = 0
  for (let i = 0; i < rows.length;) {
    let best = { period: 1, length: 0 }
    for (const period of [1, 2]) {
      const length = runLength(rows, shapes, i, period)
      if (length >= COLLAPSE_FROM * period && length > best.length) best = { period, length }
    }
    if (best.length === 0) {
      out.push(rows[i])
      i++
      continue
    }
    const run = rows.slice(i, i + best.length) as ArrowRow[]
    const head = KEEP_HEAD * best.period
    // The tail keeps whole rounds: the last one.
    const tail = best.period + ((run.length - head) % best.period)
    const middle = run.slice(head, run.length - tail)
    const id = group++
    out.push(...run.slice(0, head))
    out.push({
      kind: "repeat",
      group: id,
      count: middle.length,
      from: middle[0].from,
      to: middle[0].to,
      t: middle[0].t,
    })
    for (const m of middle) {
      m.group = id
      m.hidden = true
      out.push(m)
    }
    out.push(...run.slice(run.length - tail))
    i += best.length
  }
  return out
}
