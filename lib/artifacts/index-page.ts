import * as fs from "node:fs/promises"
import * as path from "node:path"
import { writeAtomic } from "./atomic"
import { escapeHtml } from "./html"
import { META_FILE, readMeta, type TestMeta } from "./meta"

/** Test folders read at most for one index. */
export const MAX_INDEXED = 20_000
/** The run index's file name. */
export const INDEX_FILE = "index.html"

/** What {@link writeIndex} did. */
export interface IndexResult {
  /** The index file. */
  readonly file: string
  /** The tests it lists, failed first. */
  readonly tests: readonly TestMeta[]
}

/** What {@link readTestMetas} and {@link writeIndex} may be told. */
export interface IndexOptions {
  /** Only the tests of this run (see meta.json's `run`). */
  run?: string
  /** The page's title. */
  title?: string
  /**
   * meta.json files read before, by folder name: a process that reads the same folder again
   * and again reads each one once. Only for one `run`: within a run, a folder is one test's for
   * good.
   */
  cache?: Map<string, TestMeta>
  /**
   * Told of each folder skipped because its meta.json is not one zmq-harness wrote (a field of
   * the wrong type, too large, not JSON): its name and the first problem. Folders with no
   * meta.json at all (not a test's) are skipped without a word.
   */
  skipped?: (folder: string, problem: string) => void
}

/**
 * Failed tests first, then by title, then by folder.
 *
 * @example
 * ```ts
 * const listed = sortTests(tests)
 * ```
 */
export function sortTests(tests: readonly TestMeta[]): TestMeta[] {
  return [...tests].sort(
    (a, b) =>
      Number(b.state === "failed") - Number(a.state === "failed") ||
      a.title.localeCompare(b.title) ||
      a.folder.localeCompare(b.folder),
  )
}

/**
 * The meta.json of every test folder of `dir`, checked field by field (see `checkTestMeta`):
 * folders without one are skipped, folders with one that does not fit are skipped and told to
 * `skipped`, hidden folders (a merge's or a replacement's temporary ones) are not read. Failed
 * tests first, then by title. With `run`, only those of that run. Reads every folder (up to
 * {@link MAX_INDEXED}): for tools and `merge-artifacts`; a test run keeps its own index without
 * reading the folder (see run-index.ts).
 *
 * @example
 * ```ts
 * const tests = await readTestMetas("test-results/zmq")
 * ```
 */
export async function readTestMetas(dir: string, options: IndexOptions = {}): Promise<TestMeta[]> {
  let entries: string[]
  try {
    entries = (await fs.readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .slice(0, MAX_INDEXED)
  } catch {
    return []
  }
  const metas: TestMeta[] = []
  for (const name of entries) {
    const known = options.cache?.get(name)
    if (known) {
      metas.push(known)
      continue
    }
    const check = await readMeta(path.join(dir, name, META_FILE))
    if (!check.ok) {
      if (!check.missing) options.skipped?.(name, check.problem)
      continue
    }
    if (options.run !== undefined && check.meta.run !== options.run) continue
    // The folder may have been moved (merged from shards): its own name is where it is now.
    const found = { ...check.meta, folder: name }
    metas.push(found)
    options.cache?.set(name, found)
  }
  return sortTests(metas)
}

/** The page's content security policy: no script at all, nothing fetched (defence in depth: every value is escaped too). */
const INDEX_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/** Any value as HTML text: a meta.json from a shard is data, and every field of it is escaped. */
const esc = (value: unknown) => escapeHtml(String(value))

/** One lane for the index's lanes column: `socket "client" (3 msg)`. */
function laneText(l: TestMeta["lanes"][number]): string {
  const kind = l.name.startsWith(l.kind) || l.name.includes(` ${l.kind} `) ? "" : `${l.kind} `
  return `${kind}${l.name}${l.messages ? ` (${l.messages} msg)` : ""}`
}

function rowHtml(t: TestMeta): string {
  const href = `${encodeURIComponent(t.folder)}/${encodeURIComponent(t.report)}`
  const error = t.error ? t.error.split("\n", 1)[0].slice(0, 300) : ""
  const notices = t.notices?.length
    ? `<div class="notice">zmq-harness also saw: ${esc(t.notices[0].split("\n", 1)[0].slice(0, 300))}${t.notices.length > 1 ? ` (and ${t.notices.length - 1} more)` : ""}</div>`
    : ""
  return (
    `<tr data-test data-state="${esc(t.state)}" data-folder="${esc(t.folder)}">` +
    `<td class="state ${esc(t.state)}">${esc(t.state)}</td>` +
    `<td><a href="${esc(href)}">${esc(t.title)}</a><div class="err">${esc(error)}</div>${notices}</td>` +
    `<td>${esc(t.file ? path.basename(t.file) : "")}</td><td class="num">${esc(t.duration)} ms</td>` +
    `<td class="lanes">${esc(t.lanes.map(laneText).join("; "))}</td></tr>`
  )
}

/**
 * The HTML of the run index: one row per test, in the order given (failed first: see
 * {@link sortTests}), each linking its report. Every value is escaped, and the page runs no
 * script (its content security policy forbids any).
 *
 * @example
 * ```ts
 * const html = renderIndex(await readTestMetas(dir))
 * ```
 */
export function renderIndex(tests: readonly TestMeta[], title = "zmq-harness artifacts"): string {
  const failed = tests.filter((t) => t.state === "failed").length
  const rows = tests.map(rowHtml).join("\n")
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${INDEX_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: ${failed} failed of ${tests.length}</title>
<style>
body { margin: 16px; font: 13px/1.4 system-ui, sans-serif; color: #1f2933; }
h1 { font-size: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7eb; overflow-wrap: anywhere; }
.state { font-weight: 600; }
.state.failed { color: #c62828; }
.state.passed { color: #2e7d32; }
.err { color: #6b7785; font-size: 12px; }
.num { text-align: right; white-space: nowrap; }
.lanes { color: #6b7785; font-size: 12px; }
.notice { color: #8a5a00; font-size: 12px; }
</style>
</head>
<body>
<h1 id="summary" data-failed="${failed}" data-total="${tests.length}">${esc(title)}: ${failed} failed of ${tests.length} test${tests.length === 1 ? "" : "s"}</h1>
<table id="tests">
<thead><tr><th>state</th><th>test</th><th>file</th><th>duration</th><th>lanes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
}

/**
 * (Re)builds `index.html` of an artifacts folder from the meta.json of its test folders (see
 * {@link readTestMetas}), failed first, and writes it atomically (a reader never sees half of
 * it). It reads every folder once: tools and `merge-artifacts` use it; a test run keeps the
 * index of its own tests as it goes, without reading the folder.
 *
 * @example
 * ```ts
 * import { writeIndex } from "zmq-harness"
 * const { file, tests } = await writeIndex("test-results/zmq")
 * ```
 */
export async function writeIndex(dir: string, options: IndexOptions = {}): Promise<IndexResult> {
  const file = path.join(dir, INDEX_FILE)
  const tests = await readTestMetas(dir, options)
  await writeAtomic(file, renderIndex(tests, options.title))
  return { file, tests }
}
