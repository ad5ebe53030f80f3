import * as fs from "node:fs/promises"
import * as path from "node:path"
import { writeAtomic } from "./atomic"
import { INDEX_FILE, renderIndex, sortTests } from "./index-page"
import { checkTestMeta, type TestMeta } from "./meta"
import { runIsOver } from "./run-id"

/**
 * The index of a test run, kept as the run goes: each test whose artifacts are written adds one
 * line (its meta.json) to the run's list, `<dir>/.zmq-harness-runs/<run>.jsonl`, and index.html
 * is rendered from that list alone. So what a run costs depends on its own tests only, never on
 * how many folders earlier runs left in the artifacts folder: nothing reads them.
 *
 * Under `mocha --parallel` every worker appends to the one list of the run (appends of one line
 * each, which do not interleave) and renders the index from it after each file it ran.
 */

/** The hidden folder, in an artifacts folder, of the runs' lists. */
export const RUNS_FOLDER = ".zmq-harness-runs"

/** A run id as a file name (ids are `<pid>-<time>-<hex>`; anything else is made safe). */
function listFile(dir: string, run: string): string {
  return path.join(dir, RUNS_FOLDER, `${run.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`)
}

/** Artifacts folders whose lists of finished runs this process has pruned already. */
const pruned = new Set<string>()

/**
 * Adds one test of `run` to the run's list in `dir`. The first time a process adds to a folder,
 * it removes the lists of runs that are over (one file per run, so few).
 *
 * @example
 * ```ts
 * await addToRunList("test-results/zmq", runId(), meta)
 * ```
 */
export async function addToRunList(dir: string, run: string, meta: TestMeta): Promise<void> {
  const file = listFile(dir, run)
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.appendFile(file, JSON.stringify(meta) + "\n")
  if (!pruned.has(dir)) {
    pruned.add(dir)
    await pruneRunLists(dir, path.basename(file))
  }
}

/** Removes the lists of runs that are over, but `keep`. */
async function pruneRunLists(dir: string, keep: string): Promise<void> {
  const folder = path.join(dir, RUNS_FOLDER)
  const names = await fs.readdir(folder).catch(() => [] as string[])
  for (const name of names) {
    if (name === keep || !name.endsWith(".jsonl")) continue
    if (runIsOver(name))
      await fs.rm(path.join(folder, name), { force: true }).catch(() => undefined)
  }
}

/**
 * The tests of `run` in `dir`, from the run's list: each folder once (its last line), every
 * line checked as a meta.json is (a torn or foreign line is skipped), failed first. `size` is
 * the list's length in bytes when read.
 *
 * @example
 * ```ts
 * const { tests } = await readRunList("test-results/zmq", runId())
 * ```
 */
export async function readRunList(
  dir: string,
  run: string,
): Promise<{ tests: TestMeta[]; size: number }> {
  let text: string
  try {
    text = await fs.readFile(listFile(dir, run), "utf8")
  } catch {
    return { tests: [], size: 0 }
  }
  const byFolder = new Map<string, TestMeta>()
  for (const line of text.split("\n")) {
    if (line === "") continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      continue
    }
    const check = checkTestMeta(value)
    if (check.ok && check.meta.run === run) byFolder.set(check.meta.folder, check.meta)
  }
  return { tests: sortTests([...byFolder.values()]), size: Buffer.byteLength(text) }
}

/**
 * Writes `dir`/index.html from the list of `run` (see the module comment), atomically. When the
 * list grew while it was written (another `--parallel` worker added a test and may have written
 * its index first), it is written again, a few times at most: the last index lists every test.
 *
 * @example
 * ```ts
 * await writeRunIndex("test-results/zmq", runId())
 * ```
 */
export async function writeRunIndex(dir: string, run: string): Promise<string> {
  const file = path.join(dir, INDEX_FILE)
  for (let round = 1; round <= 3; round++) {
    const { tests, size } = await readRunList(dir, run)
    await writeAtomic(file, renderIndex(tests))
    const now = await fs.stat(listFile(dir, run)).catch(() => undefined)
    if ((now?.size ?? 0) === size) break
  }
  return file
}
