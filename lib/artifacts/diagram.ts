import type { Lane, Line, Story } from "./story"

/** A message drawn as an arrow between two lanes. */
export interface ArrowRow {
  readonly kind: "arrow"
  readonly from: number
  readonly to: number
  /** The transcript lines it stands for: a send, and the receive of it on another lane of the test. */
  readonly lines: readonly number[]
  readonly t: number
  readonly label: string
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
  /** The story's lanes, plus `outside` when a message came from or went to no lane of the test. */
  readonly lanes: readonly Lane[]
  readonly rows: readonly Row[]
}

/** Runs of similar messages longer than this are collapsed. */
const COLLAPSE_FROM = 6
/** How many of a collapsed run stay visible at its start (and 1 at its end). */
const KEEP_HEAD = 2

/** A message a receive can be matched with: the frames of one equal the tail of the other's. */
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

function frameKey(frame: NonNullable<Line["frames"]>[number]): string {
  return "text" in frame ? `t:${frame.text}` : `b:${frame.base64}`
}

/** How far a receive may come before its send was noted (the send is noted when zeromq took it). */
const CLOCK_SLACK_MS = 5

/**
 * Lays a story out as a sequence diagram: one row per message or event in time order. A
 * message sent on one lane and received on another lane of the test is one arrow between
 * them (router envelopes allowed: the frames of one end the other's); a message from or to
 * no lane of the test goes to the process under test when there is exactly one (and no link
 * or proxy between), else to an `outside` lane. Long runs of similar messages (same lanes,
 * same shape, digits aside) are collapsed.
 *
 * @example
 * ```ts
 * const { lanes, rows } = layOut(story)
 * rows.filter((r) => r.kind === "arrow").length // one per message
 * ```
 */
export function layOut(story: Story): Diagram {
  const lanes = [...story.lanes]
  const { lines, laneOf } = story
  const processes = lanes.filter((l) => l.kind === "process")
  const between = lanes.some((l) => l.kind === "link" || l.kind === "proxy")
  let outside = -1
  const other = (): number => {
    if (processes.length === 1 && !between) return processes[0].index
    if (outside < 0) {
      outside = lanes.length
      lanes.push({ index: outside, kind: "outside", name: "outside the test" })
    }
    return outside
  }

  // Sends by the key of their last frame, to match receives in one pass.
  const sends = new Map<string, number[]>()
  lines.forEach((line, i) => {
    if (line.direction !== "sent" || !line.frames?.length) return
    const key = frameKey(line.frames[line.frames.length - 1])
    const list = sends.get(key)
    if (list) list.push(i)
    else sends.set(key, [i])
  })
  /** Receives folded into a send's arrow, and the lane each send was first received on. */
  const folded = new Map<number, number>() // receive line → send line
  const firstReceiver = new Map<number, number>() // send line → receive line
  const taken = new Set<string>() // `${send}:${lane}`
  lines.forEach((line, i) => {
    if (line.direction !== "received" || !line.frames?.length) return
    const candidates = sends.get(frameKey(line.frames[line.frames.length - 1]))
    if (!candidates) return
    for (const s of candidates) {
      if (lines[s].t > line.t + CLOCK_SLACK_MS) break
      if (laneOf[s] === laneOf[i] || taken.has(`${s}:${laneOf[i]}`)) continue
      if (!sameMessage(lines[s], line)) continue
      taken.add(`${s}:${laneOf[i]}`)
      if (!firstReceiver.has(s)) {
        firstReceiver.set(s, i)
        folded.set(i, s)
      } else folded.set(i, -1 - s) // another receiver of the same send (pub to two subs)
      break
    }
  })

  const rows: Row[] = []
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
    const lane = laneOf[i]
    const label = story.previews[i]
    if (line.direction === "event") {
      rows.push({
        kind: "event",
        lane,
        line: i,
        t: line.t,
        event: line.event ?? "event",
        note: line.note ?? "",
        failed: line.failed === true,
      })
      return
    }
    const fold = folded.get(i)
    if (fold !== undefined && fold >= 0) return // drawn with its send
    if (fold !== undefined) {
      rows.push({ kind: "arrow", from: laneOf[-1 - fold], to: lane, lines: [i], t: line.t, label })
      return
    }
    const outgoing = line.direction === "sent" || line.direction === "upstream"
    if (line.direction === "sent" && firstReceiver.has(i)) {
      const r = firstReceiver.get(i)!
      rows.push({ kind: "arrow", from: lane, to: laneOf[r], lines: [i, r], t: line.t, label })
      return
    }
    const far = other()
    rows.push({
      kind: "arrow",
      from: outgoing ? lane : far,
      to: outgoing ? far : lane,
      lines: [i],
      t: line.t,
      label,
    })
  })
  return { lanes, rows: collapse(rows) }
}

/** The shape of an arrow, digits aside: arrows of one shape in a row are "repeats". */
function shape(row: ArrowRow): string {
  return `${row.from}>${row.to}:${row.label.replace(/\d+/g, "#")}`
}

/** Hides the middle of each long run of similar arrows behind one `repeat` row. */
function collapse(rows: Row[]): Row[] {
  const out: Row[] = []
  let group = 0
  for (let i = 0; i < rows.length;) {
    const row = rows[i]
    if (row.kind !== "arrow") {
      out.push(row)
      i++
      continue
    }
    let j = i + 1
    const key = shape(row)
    while (j < rows.length && rows[j].kind === "arrow" && shape(rows[j] as ArrowRow) === key) j++
    const run = rows.slice(i, j) as ArrowRow[]
    if (run.length < COLLAPSE_FROM) {
      out.push(...run)
    } else {
      const id = group++
      const middle = run.slice(KEEP_HEAD, -1)
      out.push(...run.slice(0, KEEP_HEAD))
      out.push({
        kind: "repeat",
        group: id,
        count: middle.length,
        from: row.from,
        to: row.to,
        t: middle[0].t,
      })
      for (const m of middle) {
        m.group = id
        m.hidden = true
        out.push(m)
      }
      out.push(run[run.length - 1])
    }
    i = j
  }
  return out
}
