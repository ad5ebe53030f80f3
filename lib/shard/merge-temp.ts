import * as fs from "node:fs/promises"
import * as path from "node:path"
import { ownerGone, ownerToken } from "../util/owner"

/**
 * The temporary folders of `merge-artifacts`: each entry is copied under a hidden name of the
 * output folder, then renamed to its own. The name says which merge made it (its pid, and when:
 * see owner.ts), so that a later merge can remove what an interrupted one left, and only that.
 */

const PREFIX = ".zmq-harness-merging-"
/** `.zmq-harness-merging-<pid>-<time>-<n>` */
const CURRENT = /^\.zmq-harness-merging-(\d+-[0-9a-z]+)-\d+$/
/** What 0.1.0's merge left: `.<entry>.merging-<pid>`. */
const OLD = /^\..+\.merging-(\d+)$/

/**
 * Names for the temporary folders of one merge: `.zmq-harness-merging-<owner>-<n>`.
 *
 * @example
 * ```ts
 * const next = tempNames()
 * next() // ".zmq-harness-merging-41234-lx3k2a-1"
 * ```
 */
export function tempNames(): () => string {
  const owner = ownerToken()
  let n = 0
  return () => `${PREFIX}${owner}-${++n}`
}

/**
 * True when `name` is the temporary folder of a merge (this one's, another's, or 0.1.0's).
 *
 * @example
 * ```ts
 * isMergeTemp(".zmq-harness-merging-41234-lx3k2a-1") // true
 * ```
 */
export function isMergeTemp(name: string): boolean {
  return CURRENT.test(name) || OLD.test(name)
}

/**
 * Removes the temporary folders that merges which are over left in `out` (interrupted by a
 * kill, a crash, a full disk); those of a merge still running are left alone. Returns their names.
 *
 * @example
 * ```ts
 * await removeStaleTemps("merged") // [".zmq-harness-merging-999-lx3k2a-1"]
 * ```
 */
export async function removeStaleTemps(out: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await fs.readdir(out).catch(() => [] as string[])) {
    const owner = CURRENT.exec(name)?.[1] ?? OLD.exec(name)?.[1]
    if (owner === undefined || !ownerGone(owner)) continue
    await fs.rm(path.join(out, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
