import * as fs from "node:fs/promises"
import * as path from "node:path"
import { writeAtomic } from "./atomic"
import { escapeHtml } from "./html"
import { isTestMeta, META_FILE, type TestMeta } from "./meta"

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
   * meta.json files read before, by folder name: a process that rebuilds the index of its
   * own run again and again (each `--parallel` worker, after each file) reads each one once.
   * Only for one `run`: within a run, a folder is one test's for good.
   */
  cache?: Map<string, TestMeta>
}

/**
 * The meta.json of every test folder of `dir` (folders without one, or with another tool's, are
 * skipped), failed tests first, then by title. With `run`, only those of that run.
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
      .filter((e) => e.isDirectory())
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
    try {
      const meta: unknown = JSON.parse(await fs.readFile(path.join(dir, name, META_FILE), "utf8"))
      if (!isTestMeta(meta) || (options.run !== undefined && meta.run !== options.run)) continue
      // The folder may have been moved (merged from shards): its own name is where it is now.
      const found = { ...meta, folder: name }
      metas.push(found)
      options.cache?.set(name, found)
    } catch {
      // No meta.json (not a test's folder), or one being written.
    }
  }
  return metas.sort(
    (a, b) =>
      Number(b.state === "failed") - Number(a.state === "failed") ||
      a.title.localeCompare(b.title) ||
      a.folder.localeCompare(b.folder),
  )
}

/**
 * The HTML of the run index: one row per test, failed first, each linking its report.
 *
 * @example
 * ```ts
 * const html = renderIndex(await readTestMetas(dir))
 * ```
 */
export function renderIndex(tests: readonly TestMeta[], title = "zmq-harness artifacts"): string {
  const failed = tests.filter((t) => t.state === "failed").length
  const rows = tests
    .map((t) => {
      const href = `${encodeURIComponent(t.folder)}/${encodeURIComponent(t.report)}`
      const lanes = t.lanes
        .map(
          (l) =>
            `${l.name.startsWith(l.kind) || l.name.includes(` ${l.kind} `) ? "" : `${l.kind} `}${l.name}${l.messages ? ` (${l.messages} msg)` : ""}`,
        )
        .join("; ")
      const error = t.error ? t.error.split("\n", 1)[0].slice(0, 300) : ""
      return (
        `<tr data-test data-state="${t.state}" data-folder="${escapeHtml(t.folder)}">` +
        `<td class="state ${t.state}">${t.state}</td>` +
        `<td><a href="${escapeHtml(href)}">${escapeHtml(t.title)}</a><div class="err">${escapeHtml(error)}</div></td>` +
        `<td>${escapeHtml(t.file ? path.basename(t.file) : "")}</td><td class="num">${t.duration} ms</td>` +
        `<td class="lanes">${escapeHtml(lanes)}</td></tr>`
      )
    })
    .join("\n")
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: ${failed} failed of ${tests.length}</title>
<style>
body { margin: 16px; font: 13px/1.4 system-ui, sans-serif; color: #1f2933; }
h1 { font-size: 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7eb; }
.state { font-weight: 600; }
.state.failed { color: #c62828; }
.state.passed { color: #2e7d32; }
.err { color: #6b7785; font-size: 12px; }
.num { text-align: right; white-space: nowrap; }
.lanes { color: #6b7785; font-size: 12px; }
</style>
</head>
<body>
<h1 id="summary" data-failed="${failed}" data-total="${tests.length}">${escapeHtml(title)}: ${failed} failed of ${tests.length} test${tests.length === 1 ? "" : "s"}</h1>
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
 * (Re)builds `index.html` of an artifacts folder from the meta.json of its test folders, failed
 * first, and writes it atomically. Safe to call from several processes at once (each `--parallel`
 * worker, the shards' merge): after its write it reads the folders again and rebuilds (a few
 * times at most) if a test was added meanwhile, so the last writer's index lists them all.
 *
 * @example
 * ```ts
 * import { writeIndex } from "zmq-harness"
 * const { file, tests } = await writeIndex("test-results/zmq")
 * ```
 */
export async function writeIndex(dir: string, options: IndexOptions = {}): Promise<IndexResult> {
  const file = path.join(dir, INDEX_FILE)
  let tests = await readTestMetas(dir, options)
  for (let round = 1; ; round++) {
    await writeAtomic(file, renderIndex(tests, options.title))
    if (round === 3) break
    const again = await readTestMetas(dir, options)
    if (sameFolders(again, tests)) break
    tests = again
  }
  return { file, tests }
}

function sameFolders(a: readonly TestMeta[], b: readonly TestMeta[]): boolean {
  return (
    a.length === b.length && a.every((m, i) => m.folder === b[i].folder && m.state === b[i].state)
  )
}
