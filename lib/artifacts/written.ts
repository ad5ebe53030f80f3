import { within } from "../util/timers"
import { runId } from "./run-id"
import { writeRunIndex } from "./run-index"

/** How long rebuilding the index may hold up the end of a file's tests. */
const INDEX_BOUND_MS = 10_000

/** Artifacts folders this process wrote to since it last rebuilt their index. */
const dirty = new Set<string>()
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
 * True when {@link rebuildIndexes} has something to do.
 *
 * @example
 * ```ts
 * if (indexesToRebuild()) this.timeout(0) // the index is written under no Mocha timeout
 * ```
 */
export function indexesToRebuild(): boolean {
  return dirty.size > 0
}

/**
 * Rewrites `index.html` of every folder this process wrote to since the last time (the end of
 * the root suite; under `--parallel`, the end of each file a worker ran), from the list of this
 * run's tests (see run-index.ts): its cost grows with the tests of this run only. Bounded by its
 * own bound, never by a Mocha timeout (the caller turns that off); never throws.
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
      const building = writeRunIndex(dir, runId())
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
