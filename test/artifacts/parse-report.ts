import * as fs from "node:fs"
import { DomUtils, parseDocument } from "htmlparser2"
import type { Element } from "domhandler"

/** A report.html as the tests read it: its element hooks (see lib/artifacts/report-page.ts). */
export interface ParsedReport {
  state: string | undefined
  lanes: { index: number; kind: string; name: string }[]
  arrows: {
    from: number
    to: number
    /** The links and proxies it crossed (lane indexes). */
    via: number[]
    lines: number[]
    label: string
    hidden: boolean
    mark?: string
  }[]
  events: { lane: number; event: string; line: number; failed: boolean; text: string }[]
  waitStart: { lane: number } | undefined
  waitBar: { lane: number } | undefined
  repeats: { group: number; count: number }[]
  /** `#data`, parsed as the page's script parses it. */
  data: { lanes: { name: string; kind: string }[]; lines: Record<string, unknown>[] }
  scripts: number
  /** Elements that would fetch something (src/href to a network address). */
  remote: string[]
}

const all = (root: ReturnType<typeof parseDocument>, test: (e: Element) => boolean) =>
  DomUtils.findAll(test, root.children)
const has = (e: Element, name: string) => e.attribs[name] !== undefined
const num = (e: Element, name: string) => Number(e.attribs[name])

/**
 * Parses a report (its HTML text or its file) with a real HTML parser.
 *
 * @example
 * ```ts
 * const report = parseReport(fs.readFileSync(file, "utf8"))
 * report.arrows.length
 * ```
 */
export function parseReport(html: string): ParsedReport {
  const doc = parseDocument(html)
  const main = all(doc, (e) => e.attribs.id === "report")[0]
  const dataEl = all(doc, (e) => e.name === "script" && e.attribs.id === "data")[0]
  const waitStart = all(doc, (e) => has(e, "data-wait-start"))[0]
  const bar = all(doc, (e) => e.attribs.id === "wait-bar")[0]
  return {
    state: main?.attribs["data-state"],
    lanes: all(doc, (e) => e.attribs.class === "head").map((e) => ({
      index: num(e, "data-lane"),
      kind: e.attribs["data-kind"],
      name: e.attribs["data-name"],
    })),
    arrows: all(doc, (e) => has(e, "data-arrow")).map((e) => ({
      from: num(e, "data-from"),
      to: num(e, "data-to"),
      via: (e.attribs["data-via"] ?? "").split(" ").filter(Boolean).map(Number),
      ...(e.attribs["data-mark"] !== undefined && { mark: e.attribs["data-mark"] }),
      lines: e.attribs["data-lines"].split(" ").map(Number),
      label: DomUtils.textContent(
        all({ children: [e] } as never, (c) => c.attribs.class === "label")[0],
      ),
      hidden: has(e, "hidden"),
    })),
    events: all(doc, (e) => has(e, "data-event")).map((e) => ({
      lane: num(e, "data-lane"),
      event: e.attribs["data-event"],
      line: num(e, "data-line"),
      failed: has(e, "data-failed"),
      text: DomUtils.textContent(e),
    })),
    waitStart: waitStart && { lane: num(waitStart, "data-lane") },
    waitBar: bar && { lane: num(bar, "data-lane") },
    repeats: all(doc, (e) => has(e, "data-repeat")).map((e) => ({
      group: num(e, "data-repeat"),
      count: num(e, "data-count"),
    })),
    data: JSON.parse(DomUtils.textContent(dataEl)),
    scripts: all(doc, (e) => e.name === "script").length,
    remote: all(doc, (e) => /^(https?:)?\/\//.test(e.attribs.src ?? e.attribs.href ?? "")).map(
      (e) => e.attribs.src ?? e.attribs.href,
    ),
  }
}

/** Reads and parses a report file. */
export function readReport(file: string): ParsedReport {
  return parseReport(fs.readFileSync(file, "utf8"))
}

/** The lines of a transcript.jsonl file. */
export function readTranscript(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** Indexes of the lines that are messages (not events). */
export function messageLines(lines: readonly Record<string, unknown>[]): number[] {
  return lines.flatMap((l, i) => (l.direction === "event" ? [] : [i]))
}

/** Every line index the arrows stand for, sorted. */
export function arrowLines(report: ParsedReport): number[] {
  return report.arrows.flatMap((a) => a.lines).sort((a, b) => a - b)
}
