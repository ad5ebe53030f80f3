import { within } from "../util/timers"
import { writeIndex } from "./index-page"
import type { TestMeta } from "./meta"
import { runId } from "./run-id"

/** How long rebuilding the index may hold up the end of a file's tests. */
const INDEX_BOUND_MS = 10_000

/** Artifacts folders this process wrote to since it last rebuilt their index. */
const dirty = new Set<string>()
/** The meta.json files of this run already read, per folder: each is read once per process. */
const caches = new Map<string, Map<string, TestMeta>>()
let told = false

/**
 * Notes that this process wrote a test's artifacts into `dir`: its index is rebuilt at the end.
 *
 * @example
 * ```ts
 * noteWritten("/tmp/artifacts")
 * ```
 */
export function noteWritten(dir: string): void {
  dirty.add(dir)
}

/**
 * Says once per process, on one stderr line, that artifacts could not be written (a full disk,
 * a folder that cannot be written): the run goes on, and every test keeps its result.
 *
 * @example
 * ```ts
 * reportWriteProblem("/read-only", "suite test", err)
 * ```
 */
export function reportWriteProblem(dir: string, title: string, err: unknown): void {
  if (told) return
  told = true
  const why = (err as Error)?.message ?? String(err)
  process.stderr.write(
    `  zmq-harness: expected to write the artifacts of "${title}" to ${dir}, got ${why.split("\n", 1)[0]}. ` +
      "Check that the folder can be written and the disk has room; test results are unchanged, and later problems of this process are not shown.\n",
  )
}

/**
 * Rebuilds `index.html` of every folder this process wrote to since the last time (the end of
 * the root suite; under `--parallel`, the end of each file a worker ran), listing the tests of
 * this run. Bounded; never throws.
 *
 * @example
 * ```ts
 * await rebuildIndexes() // in the root afterAll hook
 * ```
 */
export async function rebuildIndexes(): Promise<void> {
  if (dirty.size === 0) return
  const dirs = [...dirty]
  dirty.clear()
  for (const dir of dirs) {
    try {
      let cache = caches.get(dir)
      if (!cache) caches.set(dir, (cache = new Map()))
      const building = writeIndex(dir, { run: runId(), cache })
      const result = await within(building, INDEX_BOUND_MS)
      if (result.kind === "timeout") {
        building.catch(() => undefined)
        reportWriteProblem(
          dir,
          "the run index",
          new Error(`writing took more than ${INDEX_BOUND_MS} ms`),
        )
      }
    } catch (err) {
      reportWriteProblem(dir, "the run index", err)
    }
  }
}
