import * as path from "node:path"
import { pathToFileURL } from "node:url"
import type { Row } from "./diagram"
import { bandsAt, type StoryBand } from "./hosts"
import { escapeHtml } from "./html"
import type { SourceLine } from "./source-line"
import type { Lane, Line } from "./story"

/**
 * The rows and lane heads of report.html. Positions are CSS, not pixels: each element says
 * which lane it is at (`--x`, the lane's centre counted in lanes) and the style sheet spreads the
 * lanes over the page's whole width (see report-style.ts), so the diagram fills any window and
 * scrolls sideways only when its lanes would get too narrow.
 */

/**
 * One HTML attribute, its value escaped, with the space before it.
 *
 * @example
 * ```ts
 * attr("data-name", 'a "b"') // ' data-name="a &quot;b&quot;"'
 * ```
 */
export const attr = (name: string, value: string | number) =>
  ` ${name}="${escapeHtml(String(value))}"`
const time = (t: number) => `<span class="t">${t >= 0 ? "+" : ""}${t.toFixed(1)} ms</span>`
/** The centre of a lane, in lanes from the first. */
const centre = (lane: number) => lane + 0.5

/**
 * A link to the test's own line (a `file:` URL: the report opens from disk, as the source does):
 * `file:line:column`, or, `short`, the file's base name and line (the full place on hover).
 *
 * @example
 * ```ts
 * sourceLink(story.at!, { short: true }) // '<a class="src" href="file:///app/test/pong.test.ts" …>pong.test.ts:23</a>'
 * ```
 */
export function sourceLink(at: SourceLine, options: { id?: string; short?: boolean } = {}): string {
  const href = pathToFileURL(at.path).href
  const full = `${at.file}:${at.line}:${at.column}`
  const text = options.short ? `${path.basename(at.file)}:${at.line}` : full
  return `<a${options.id ? attr("id", options.id) : ""} class="src"${attr("href", href)}${attr("title", full)}${attr("data-line", at.line)}>${escapeHtml(text)}</a>`
}

/**
 * One row of the diagram. `at` is the test's own line, linked from the row that failed it.
 *
 * @example
 * ```ts
 * rowHtml(row, { arrow: 0 }, story.lines, story.at)
 * ```
 */
export function rowHtml(
  row: Row,
  index: { arrow: number },
  lines: readonly Line[],
  at: SourceLine | undefined,
): string {
  switch (row.kind) {
    case "arrow": {
      const left = Math.min(row.from, row.to)
      const span = Math.abs(row.to - row.from)
      const dir = row.to >= row.from ? "right" : "left"
      const via = row.via
        .map((lane) => `<i class="via"${attr("style", `--x:${centre(lane)}`)}></i>`)
        .join("")
      const tag = row.mark
        ? `<span class="tag"${attr("style", `--x:${centre(row.to)}`)}>${row.mark === "dropped" ? "✕ " : ""}${escapeHtml(row.mark)}</span>`
        : ""
      return (
        `<div class="row arrow"${attr("data-arrow", index.arrow++)}${attr("data-from", row.from)}${attr("data-to", row.to)}` +
        `${row.via.length ? attr("data-via", row.via.join(" ")) : ""}${attr("data-lines", row.lines.join(" "))}${attr("data-t", row.t)}` +
        `${row.mark ? attr("data-mark", row.mark) : ""}` +
        `${row.group !== undefined ? attr("data-group", row.group) : ""}${row.hidden ? " hidden" : ""}>` +
        `${time(row.t)}<div class="shaft ${dir}"${attr("style", `--x:${centre(left)};--span:${span}`)}>` +
        `<span class="label"${attr("title", row.label)}>${escapeHtml(row.label)}</span></div>${via}${tag}</div>`
      )
    }
    case "event": {
      const line = lines[row.line]
      const text = row.note ? `${row.event}: ${row.note}` : row.event
      // The test's lane is the first: its boxes start at it, not centred (they would leave the page).
      const place = row.lane === 0 ? ` first"` : `"${attr("style", `--x:${centre(row.lane)}`)}`
      const link = row.failed && at ? ` ${sourceLink(at, { short: true })}` : ""
      return (
        `<div class="row event"${attr("data-event", row.event)}${attr("data-lane", row.lane)}${attr("data-line", row.line)}` +
        `${row.failed ? " data-failed" : ""}${line.deadline !== undefined ? attr("data-deadline", line.deadline) : ""}>` +
        `${time(row.t)}<span class="box${place}${attr("title", text)}>${row.failed ? "✕ " : ""}${escapeHtml(text)}${link}</span></div>`
      )
    }
    case "wait-start":
      return (
        `<div class="row event" data-wait-start${attr("data-lane", row.lane)}>` +
        `${time(row.t)}<span class="box"${attr("style", `--x:${centre(row.lane)}`)}>${escapeHtml(row.note)}</span></div>`
      )
    case "repeat":
      return (
        `<div class="row repeat"${attr("data-repeat", row.group)}${attr("data-count", row.count)} data-collapsed>` +
        `${time(row.t)}<span class="box"${attr("style", `--x:${(centre(row.from) + centre(row.to)) / 2}`)}>show ${row.count} similar messages</span></div>`
      )
  }
}

/**
 * A row drawn inside the bands in force at its time (a topology's partitions): tinted, with
 * the bands' labels as `data-band` and its tooltip.
 *
 * @example
 * ```ts
 * inBands(rowHtml(row, index, story.lines, story.at), story.bands ?? [], row.t)
 * ```
 */
export function inBands(html: string, bands: readonly StoryBand[], t: number): string {
  const labels = bandsAt(bands, t)
  if (labels.length === 0) return html
  return html.replace(
    /^<div class="row/,
    `<div${attr("data-band", labels.join("; "))} class="row banded`,
  )
}

/** A lane's name without what its kind line says already (`req socket "client" (…)` → `"client" (…)`). */
function shortName(lane: Lane): string {
  if (lane.kind === "outside") return lane.name
  for (const prefix of [`${lane.type} ${lane.kind} `, `${lane.kind} `]) {
    if (lane.name.startsWith(prefix) && lane.name.length > prefix.length)
      return lane.name.slice(prefix.length)
  }
  return lane.name
}

/**
 * A lane's name split for its head: what it is called, and where it is (`(bind tcp://…)`), put on
 * lines of their own so that an endpoint wraps at its spaces, not in the middle of its port.
 */
function nameParts(lane: Lane): { name: string; where: string } {
  const name = shortName(lane)
  const open = name.lastIndexOf(" (")
  if (name.startsWith("(") && name.endsWith(")")) return { name: "", where: name }
  if (open <= 0 || !name.endsWith(")")) return { name, where: "" }
  return { name: name.slice(0, open), where: name.slice(open + 1) }
}

/**
 * A lane's head: its kind, its whole name (wrapped, never cut), where it is, its host; the full
 * name and endpoints on hover.
 *
 * @example
 * ```ts
 * lanes.map(headHtml).join("") // '<div class="head" data-lane="0" …>…</div>…'
 * ```
 */
export function headHtml(lane: Lane): string {
  const kind =
    lane.kind === "outside"
      ? "outside the test"
      : lane.type
        ? `${lane.kind} · ${lane.type}`
        : lane.kind
  const title = [lane.name, ...(lane.endpoints ?? []), lane.suite ? "(made by a before hook)" : ""]
    .filter(Boolean)
    .join("\n")
  const { name, where } = nameParts(lane)
  return (
    `<div class="head"${attr("data-lane", lane.index)}${attr("data-kind", lane.kind)}${attr("data-name", lane.name)}${lane.host !== undefined ? attr("data-host", lane.host) : ""}${attr("title", title)}>` +
    `<span class="kind">${escapeHtml(kind)}${lane.dropped ? ` (${lane.dropped} dropped)` : ""}</span>` +
    `${name ? `<span class="name">${escapeHtml(name)}</span>` : ""}${where ? `<span class="where">${escapeHtml(where)}</span>` : ""}` +
    `${lane.host !== undefined ? `<span class="host">host ${escapeHtml(lane.host)}</span>` : ""}</div>`
  )
}
