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
 *   `proxy`, `link`, `process`, `outside`: an endpoint no lane of the test is, named by it),
 *   `data-name` (the whole name, also its tooltip) and `data-host` (a topology host).
 * - `.row[data-arrow=k]`: the k-th arrow (one per message: its send, the links it crossed and its
 *   receive are one arrow), with `data-from`, `data-to` (lane indexes), `data-via` (the links and
 *   proxies it crossed), `data-lines` (the indexes, space-separated, of its lines in
 *   transcript.jsonl / `#data`'s `lines`), `data-t`, `data-mark` (`dropped`, `duplicated`,
 *   `delayed`, `reordered`, `held`, `unmatched`, `unexpected`: what went wrong with it, also a
 *   `.tag` at its end); its `.label` holds the frame preview, `.t` its time. Collapsed ones carry
 *   `data-group` and `hidden`. `#legend li[data-mark]`: what each mark used means.
 * - `.row[data-event]`: an event on lane `data-lane` (`start`, `passed`, `failed`, `spawn`,
 *   `ready`, `signal`, `stop`, `exit`, `waiting`, `wait-failed`, …), `data-line` its line.
 * - `[data-failed]`: what failed the test (the `wait-failed` row at the deadline, a crash's
 *   `exit`, or the test's `failed` row), with an `a.src` to the test's own line;
 *   `.row[data-wait-start]`: the start of the failed wait; `#wait-bar`: the red bar between the
 *   two, on its lane. `#source`: the test's own line the failure points at (`file:line:column`).
 * - `#notices li`: what the test's resources saw go wrong ("zmq-harness also saw").
 * - `.row[data-repeat=g]` (`data-count`, `data-collapsed` while closed): a run of similar
 *   messages; a click shows or hides the rows of `data-group=g`.
 * - `#details`: shown on a click on an arrow or event; one `pre[data-frame=i]` per frame, with
 *   `data-frame-kind` `text`, `JSON` or `binary` (hex). `#outputs details[data-output=lane]`: a process's output.
 */
import { createHash } from "node:crypto"
import { layOut } from "./diagram"
import type { StoryBand } from "./hosts"
import { escapeHtml, scriptJson } from "./html"
import { legendHtml } from "./legend"
import { REPORT_SCRIPT } from "./report-script"
import { REPORT_STYLE } from "./report-style"
import { attr, headHtml, inBands, rowHtml, sourceLink } from "./report-rows"
import type { Lane, Line, Story } from "./story"
import type { RecordMark } from "../timeline/record"

/** Frame bytes embedded in one report at most; past it, lines keep no frames (transcript.jsonl has them). */
export const MAX_REPORT_FRAME_BYTES = 8 * 1024 * 1024
/** Output characters shown per stream in the report (the newest); the files have it all. */
const OUTPUT_TAIL_CHARS = 64 * 1024

/**
 * The page's content security policy: its own script only (by hash), no other script, nothing
 * fetched. Defence in depth: every value of the page is escaped too.
 */
const POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
  `script-src 'sha256-${createHash("sha256").update(REPORT_SCRIPT).digest("base64")}'`

/** Links of the report to the other files of the test's folder. */
export interface ReportFiles {
  readonly transcript?: string
  /** Per lane index: its stdout and stderr files. */
  readonly outputs?: ReadonlyMap<number, { stdout: string; stderr: string }>
}

/** The legend of the bands: what was in force, from when to when (ms since the test started). */
function bandsHtml(bands: readonly StoryBand[]): string {
  if (bands.length === 0) return ""
  const item = (b: StoryBand) =>
    `<li${attr("data-band", b.label)}>${escapeHtml(b.label)}: +${b.start.toFixed(1)} ms → ${b.end === undefined ? "the end" : `+${b.end.toFixed(1)} ms`}` +
    `${b.concerns ? ` <span class="note">(${escapeHtml(b.concerns.join(", "))})</span>` : ""}</li>`
  return `<section id="bands"><h2>In force during the test</h2><ul>${bands.map(item).join("")}</ul></section>`
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
  const bands = story.bands ?? []
  const rowsHtml = rows
    .map((row) => inBands(rowHtml(row, index, story.lines, story.at), bands, row.t))
    .join("\n")
  const marks = new Set<RecordMark>()
  for (const row of rows) if (row.kind === "arrow" && row.mark) marks.add(row.mark)
  const lifelines = lanes
    .map(
      (lane) =>
        `<div class="lifeline"${attr("data-lifeline", lane.index)}${attr("style", `--x:${lane.index + 0.5}`)}></div>`,
    )
    .join("")
  const waitStart = rows.find((r) => r.kind === "wait-start")
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
<meta http-equiv="Content-Security-Policy"${attr("content", POLICY)}>
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
${story.at ? `<p class="at">failed at ${sourceLink(story.at, { id: "source" })}</p>` : ""}
${story.error !== undefined ? `<pre id="error">${escapeHtml(withoutNotices(story.error, story.notices))}</pre>` : ""}
${noticesHtml(story.notices)}
<p class="files">${files.transcript ? `<a href="${escapeHtml(encodeURI(files.transcript))}">${escapeHtml(files.transcript)}</a>` : ""}<span class="note">Click an arrow to see its frames; a dashed box to show collapsed messages. Hover a lane for its full name.</span></p>
${legendHtml(marks)}
</header>
<section id="diagram"${attr("style", `--lanes:${lanes.length}`)}>
<div id="canvas">
<div class="heads"><div class="corner"></div>${lanes.map(headHtml).join("")}</div>
<div id="rows">
${lifelines}
${rowsHtml}
${waitStart && waitStart.kind === "wait-start" ? `<div id="wait-bar"${attr("data-lane", waitStart.lane)}${attr("style", `--x:${waitStart.lane + 0.5}`)} hidden></div>` : ""}
</div>
</div>
</section>
<aside id="details" hidden></aside>
${bandsHtml(bands)}
${outputsHtml(lanes, files)}
<script type="application/json" id="data">${scriptJson(data)}</script>
<script>${REPORT_SCRIPT}</script>
</main>
</body>
</html>
`
}

/** The failure message without the "zmq-harness also saw" part the end of the test added: the page lists those apart. */
function withoutNotices(error: string, notices: readonly string[] | undefined): string {
  if (!notices?.length) return error
  const at = error.lastIndexOf("\nzmq-harness also saw:\n")
  return at >= 0 ? error.slice(0, at) : error
}

function noticesHtml(notices: readonly string[] | undefined): string {
  if (!notices?.length) return ""
  const items = notices.map((n) => `<li>${escapeHtml(n)}</li>`).join("")
  return `<section id="notices"><h2>zmq-harness also saw</h2><ul>${items}</ul></section>`
}
