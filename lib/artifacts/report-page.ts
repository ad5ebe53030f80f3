/**
 * report.html: one test's story as a sequence diagram, in one self-contained file (inline style,
 * script and data; nothing fetched, opens from disk).
 *
 * Element hooks, stable for tools and the project's browser tests:
 * - `#report` (the `<main>`): `data-state` `"passed"|"failed"`, `data-lanes` (lane count),
 *   `data-arrows` (arrow count), `data-ready="true"` once the script has run.
 * - `#title`, `#error` (the failure message), `#data` (`<script type="application/json">`: `{ lanes, lines }`,
 *   `lines` being the lines of transcript.jsonl, in order).
 * - `.head[data-lane=i]` one per lane, left to right, with `data-kind` (`test`, `socket`, `peer`,
 *   `proxy`, `link`, `process`, `outside`) and `data-name`.
 * - `.row[data-arrow=k]`: the k-th arrow (one per message; a send and its receive on another lane
 *   of the test are one arrow), with `data-from`, `data-to` (lane indexes), `data-lines` (the
 *   indexes, space-separated, of its lines in transcript.jsonl / `#data`'s `lines`), `data-t`;
 *   its `.label` holds the frame preview, `.t` its time. Collapsed ones carry `data-group` and `hidden`.
 * - `.row[data-event]`: an event on lane `data-lane` (`start`, `passed`, `failed`, `spawn`,
 *   `ready`, `signal`, `stop`, `exit`, `waiting`, `wait-failed`, …), `data-line` its line.
 * - `[data-failed]`: what failed the test (the `wait-failed` row at the deadline, a crash's
 *   `exit`, or the test's `failed` row); `.row[data-wait-start]`: the start of the failed wait;
 *   `#wait-bar`: the red bar between the two, on its lane.
 * - `.row[data-repeat=g]` (`data-count`, `data-collapsed` while closed): a run of similar
 *   messages; a click shows or hides the rows of `data-group=g`.
 * - `#details`: shown on a click on an arrow or event; one `pre[data-frame=i]` per frame, with
 *   `data-frame-kind` `text`, `JSON` or `binary` (hex). `#outputs details[data-output=lane]`: a process's output.
 */
import { layOut, type Row } from "./diagram"
import { escapeHtml, scriptJson } from "./html"
import { LANE_WIDTH, REPORT_STYLE, TIME_COLUMN } from "./report-style"
import { REPORT_SCRIPT } from "./report-script"
import { bandsAt, type StoryBand } from "./hosts"
import type { Lane, Line, Story } from "./story"

/** Frame bytes embedded in one report at most; past it, lines keep no frames (transcript.jsonl has them). */
export const MAX_REPORT_FRAME_BYTES = 8 * 1024 * 1024
/** Output characters shown per stream in the report (the newest); the files have it all. */
const OUTPUT_TAIL_CHARS = 64 * 1024

/** Links of the report to the other files of the test's folder. */
export interface ReportFiles {
  readonly transcript?: string
  /** Per lane index: its stdout and stderr files. */
  readonly outputs?: ReadonlyMap<number, { stdout: string; stderr: string }>
}

const x = (lane: number) => TIME_COLUMN + lane * LANE_WIDTH + LANE_WIDTH / 2
const attr = (name: string, value: string | number) => ` ${name}="${escapeHtml(String(value))}"`
const time = (t: number) => `<span class="t">${t >= 0 ? "+" : ""}${t.toFixed(1)} ms</span>`

function rowHtml(row: Row, index: { arrow: number }, lines: readonly Line[]): string {
  switch (row.kind) {
    case "arrow": {
      const left = Math.min(x(row.from), x(row.to))
      const width = Math.max(Math.abs(x(row.to) - x(row.from)), 24)
      const dir = row.to >= row.from ? "right" : "left"
      return (
        `<div class="row arrow"${attr("data-arrow", index.arrow++)}${attr("data-from", row.from)}${attr("data-to", row.to)}` +
        `${attr("data-lines", row.lines.join(" "))}${attr("data-t", row.t)}` +
        `${row.group !== undefined ? attr("data-group", row.group) : ""}${row.hidden ? " hidden" : ""}>` +
        `${time(row.t)}<div class="shaft ${dir}" style="left:${left}px;width:${width}px">` +
        `<span class="label"${attr("title", row.label)}>${escapeHtml(row.label)}</span></div></div>`
      )
    }
    case "event": {
      const line = lines[row.line]
      const text = row.note ? `${row.event}: ${row.note}` : row.event
      // The test's lane is the first: its boxes start at it, not centred (they would leave the page).
      const at =
        row.lane === 0
          ? ` first" style="left:${TIME_COLUMN + 4}px`
          : `" style="left:${x(row.lane)}px`
      return (
        `<div class="row event"${attr("data-event", row.event)}${attr("data-lane", row.lane)}${attr("data-line", row.line)}` +
        `${row.failed ? " data-failed" : ""}${line.deadline !== undefined ? attr("data-deadline", line.deadline) : ""}>` +
        `${time(row.t)}<span class="box${at}"${attr("title", text)}>${row.failed ? "✕ " : ""}${escapeHtml(text)}</span></div>`
      )
    }
    case "wait-start":
      return (
        `<div class="row event" data-wait-start${attr("data-lane", row.lane)}>` +
        `${time(row.t)}<span class="box" style="left:${x(row.lane)}px">${escapeHtml(row.note)}</span></div>`
      )
    case "repeat":
      return (
        `<div class="row repeat"${attr("data-repeat", row.group)}${attr("data-count", row.count)} data-collapsed>` +
        `${time(row.t)}<span class="box" style="left:${(x(row.from) + x(row.to)) / 2}px">show ${row.count} similar messages</span></div>`
      )
  }
}

/**
 * A row drawn inside the bands in force at its time (a topology's partitions): tinted, with
 * the bands' labels as `data-band` and its tooltip.
 */
function inBands(html: string, bands: readonly StoryBand[], t: number): string {
  const labels = bandsAt(bands, t)
  if (labels.length === 0) return html
  return html.replace(
    /^<div class="row/,
    `<div${attr("data-band", labels.join("; "))} class="row banded`,
  )
}

/** The legend of the bands: what was in force, from when to when (ms since the test started). */
function bandsHtml(bands: readonly StoryBand[]): string {
  if (bands.length === 0) return ""
  const item = (b: StoryBand) =>
    `<li${attr("data-band", b.label)}>${escapeHtml(b.label)}: +${b.start.toFixed(1)} ms → ${b.end === undefined ? "the end" : `+${b.end.toFixed(1)} ms`}` +
    `${b.concerns ? ` <span class="note">(${escapeHtml(b.concerns.join(", "))})</span>` : ""}</li>`
  return `<section id="bands"><h2>In force during the test</h2><ul>${bands.map(item).join("")}</ul></section>`
}

/** A lane's name without what its kind line says already (`req socket "client" (…)` → `"client" (…)`). */
function shortName(lane: Lane): string {
  for (const prefix of [`${lane.type} ${lane.kind} `, `${lane.kind} `]) {
    if (lane.name.startsWith(prefix) && lane.name.length > prefix.length)
      return lane.name.slice(prefix.length)
  }
  return lane.name
}

function headHtml(lane: Lane): string {
  const kind = lane.kind === "outside" ? "" : lane.type ? `${lane.kind} · ${lane.type}` : lane.kind
  const title = [lane.name, ...(lane.endpoints ?? []), lane.suite ? "(made by a before hook)" : ""]
    .filter(Boolean)
    .join("\n")
  return (
    `<div class="head"${attr("data-lane", lane.index)}${attr("data-kind", lane.kind)}${attr("data-name", lane.name)}${lane.host !== undefined ? attr("data-host", lane.host) : ""}${attr("title", title)}>` +
    `<span class="kind">${escapeHtml(kind)}${lane.dropped ? ` (${lane.dropped} dropped)` : ""}</span><span class="name">${escapeHtml(shortName(lane))}</span>` +
    `${lane.host !== undefined ? `<span class="host">host ${escapeHtml(lane.host)}</span>` : ""}</div>`
  )
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL_CHARS
    ? `[… earlier output in the file …]\n${text.slice(-OUTPUT_TAIL_CHARS)}`
    : text
}

function outputsHtml(lanes: readonly Lane[], files: ReportFiles): string {
  const parts = lanes
    .filter((lane) => lane.output)
    .map((lane) => {
      const file = files.outputs?.get(lane.index)
      const link = (name: "stdout" | "stderr") =>
        file ? ` <a href="${escapeHtml(encodeURI(file[name]))}">${escapeHtml(file[name])}</a>` : ""
      return (
        `<details${attr("data-output", lane.index)} open><summary>${escapeHtml(lane.name)}</summary>` +
        `<h3>stdout${link("stdout")}</h3><pre>${escapeHtml(tail(lane.output!.stdout)) || '<span class="note">(nothing)</span>'}</pre>` +
        `<h3>stderr${link("stderr")}</h3><pre>${escapeHtml(tail(lane.output!.stderr)) || '<span class="note">(nothing)</span>'}</pre></details>`
      )
    })
  return parts.length
    ? `<section id="outputs"><h2>Process output</h2>${parts.join("")}</section>`
    : ""
}

/** The lines as the page's script needs them: frames kept within {@link MAX_REPORT_FRAME_BYTES}. */
function pageLines(lines: readonly Line[]): unknown[] {
  let budget = MAX_REPORT_FRAME_BYTES
  return lines.map((line) => {
    if (!line.frames) return line
    const bytes = line.frames.reduce((n, f) => n + f.size - (f.cut ?? 0), 0)
    if (bytes > budget) {
      const { frames: _left, ...rest } = line
      return { ...rest, framesLeftOut: true }
    }
    budget -= bytes
    return line
  })
}

/**
 * The HTML of report.html for one test's story.
 *
 * @example
 * ```ts
 * fs.writeFileSync("report.html", renderReport(story, { transcript: "transcript.jsonl" }))
 * ```
 */
export function renderReport(story: Story, files: ReportFiles = {}): string {
  const { lanes, rows } = layOut(story)
  const index = { arrow: 0 }
  const rowsHtml = rows
    .map((row) => inBands(rowHtml(row, index, story.lines), story.bands ?? [], row.t))
    .join("\n")
  const width = TIME_COLUMN + lanes.length * LANE_WIDTH
  const lifelines = lanes
    .map(
      (lane) =>
        `<div class="lifeline"${attr("data-lifeline", lane.index)} style="left:${x(lane.index)}px"></div>`,
    )
    .join("")
  const waitLane = rows.find((r) => r.kind === "wait-start")
  const meta = [
    story.file ? `file ${escapeHtml(story.file)}` : "",
    `${story.duration} ms`,
    `started ${new Date(story.started).toISOString()}`,
    `${story.lines.length} lines`,
    story.linesLeftOut ? `${story.linesLeftOut} more left out (limit)` : "",
  ].filter(Boolean)
  const data = {
    lanes: lanes.map(({ output: _output, ...lane }) => lane),
    lines: pageLines(story.lines),
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(story.state === "failed" ? "✕ " : "✓ ")}${escapeHtml(story.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main id="report"${attr("data-state", story.state)}${attr("data-lanes", lanes.length)}${attr("data-arrows", index.arrow)}>
<header>
<h1 id="title">${escapeHtml(story.title)}</h1>
<span class="state ${story.state}">${story.state}</span>
<p class="meta">${meta.join(" · ")}</p>
${story.error !== undefined ? `<pre id="error">${escapeHtml(story.error)}</pre>` : ""}
<p class="files">${files.transcript ? `<a href="${escapeHtml(encodeURI(files.transcript))}">${escapeHtml(files.transcript)}</a>` : ""}<span class="note">Click an arrow to see its frames; a dashed box to show collapsed messages.</span></p>
</header>
<section id="diagram">
<div class="heads">${lanes.map(headHtml).join("")}</div>
<div id="rows" style="width:${width}px">
${lifelines}
${rowsHtml}
${waitLane ? `<div id="wait-bar"${attr("data-lane", waitLane.kind === "wait-start" ? waitLane.lane : 0)} style="left:${x(waitLane.kind === "wait-start" ? waitLane.lane : 0)}px" hidden></div>` : ""}
</div>
</section>
<aside id="details" hidden></aside>
${bandsHtml(story.bands ?? [])}
${outputsHtml(lanes, files)}
<script type="application/json" id="data">${scriptJson(data)}</script>
<script>${REPORT_SCRIPT}</script>
</main>
</body>
</html>
`
}
