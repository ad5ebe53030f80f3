import * as fs from "node:fs/promises"
import * as path from "node:path"
import { INDEX_FILE, writeIndex } from "../artifacts/index-page"
import { META_FILE, readMeta, type TestMeta } from "../artifacts/meta"
import { MergeArtifactsError } from "../errors"
import { copyEntry, sameContent, type LeftOut } from "./copy-tree"
import { checkMergePaths } from "./merge-paths"
import { removeStaleTemps, tempNames } from "./merge-temp"

/**
 * Merges the artifact folders of several shards (or runs) into one: every entry of each input
 * (a test's folder, or any other file) is copied into `out` under its own name, or, when that
 * name is taken (two shards wrote a folder of the same name), under the name with `-2`, `-3`…
 * added; then the run index `index.html` of `out` is rebuilt from all tests, so one page lists
 * every shard's tests, failed first. `out` may exist: what it holds is kept.
 *
 * Shard folders are data from elsewhere (a fork's CI job may have made them):
 * - a test folder whose meta.json does not fit its schema is not copied (one warning each);
 * - a link is copied only when it points inside its own folder, as a relative link; a link
 *   anywhere else, and anything that is not a file or a folder, is left out (one warning per
 *   folder);
 * - an input that does not exist is a shard with nothing to report: noted, not an error.
 *
 * A merge that runs again over the same inputs copies nothing twice: a test already in `out`
 * (the same run, folder and start) and a file or folder already there byte for byte are left.
 * Each entry is copied under a temporary hidden name and renamed when complete; an interrupted
 * merge removes its temporary folder, and the next merge removes those of merges that died.
 */

/**
 * Something a merge did not copy, or copied in part, and why.
 *
 * @example
 * ```ts
 * const item: MergeSkip = { path: "shard-2/evil", reason: "lanes[0]: expected an object, got null" }
 * ```
 */
export interface MergeSkip {
  /** The input entry (or input) concerned. */
  readonly path: string
  readonly reason: string
}

/**
 * What {@link mergeArtifacts} did.
 *
 * @example
 * ```ts
 * const { copied, renamed }: MergeResult = await mergeArtifacts("merged", ["shard-1", "shard-2"])
 * ```
 */
export interface MergeResult {
  /** The merged folder. */
  out: string
  /** How many entries (test folders and other files) were copied. */
  copied: number
  /** Entries copied under another name because theirs was taken: from (input path) → to (name in `out`). */
  renamed: { from: string; to: string }[]
  /** Entries found in `out` already (an earlier merge of the same folders), not copied again. */
  unchanged: number
  /**
   * What was not copied, or copied in part: an input that does not exist (a shard with nothing
   * to report), a test folder whose meta.json does not fit, links that leave their folder.
   * Printed by the command as warnings, one line each.
   */
  skipped: MergeSkip[]
  /** The rebuilt run index. */
  index: string
}

/**
 * Options of {@link mergeArtifacts}.
 *
 * @example
 * ```ts
 * const options: MergeOptions = { rebuildIndex: async (dir) => (await writeIndex(dir)).file }
 * ```
 */
export interface MergeOptions {
  /**
   * Rebuilds `dir`/index.html from the test folders in `dir` and returns its path. Default: the
   * run index of the artifacts module (`writeIndex`), every test of every run, failed first.
   */
  rebuildIndex?: (dir: string) => Promise<string> | string
  /**
   * Stops the merge (the command aborts it on SIGINT and SIGTERM): the entry being copied is
   * removed, and the merge rejects with a {@link MergeArtifactsError} whose `cause` is the
   * signal's reason. What was copied before is complete.
   */
  signal?: AbortSignal
}

/** `name`, or `name-2`, `name-3`… (before any extension of a file): the first not in `taken`. */
function freeName(name: string, taken: Set<string>, isDir: boolean): string {
  if (!taken.has(name)) return name
  const ext = isDir ? "" : path.extname(name)
  const stem = name.slice(0, name.length - ext.length)
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`
    if (!taken.has(candidate)) return candidate
  }
}

/** What makes a test the same test in two places: its run, the folder it was written to, when. */
function identity(meta: TestMeta): string {
  return JSON.stringify([meta.run, meta.folder, meta.started, meta.title])
}

/**
 * Merges artifact folders into `out` and rebuilds its `index.html` (see the module comment).
 * The command `npx zmq-harness merge-artifacts <out> <dir>…` calls it.
 *
 * @example
 * ```ts
 * import { mergeArtifacts } from "zmq-harness"
 * const { copied, skipped, index } = await mergeArtifacts("merged", ["shard-1", "shard-2"])
 * console.log(`${copied} entries in ${index}; ${skipped.length} warnings`)
 * ```
 */
export async function mergeArtifacts(
  out: string,
  inputs: readonly string[],
  options: MergeOptions = {},
): Promise<MergeResult> {
  const checked = await checkMergePaths(out, inputs)
  await fs.mkdir(checked.out, { recursive: true })
  await removeStaleTemps(checked.out)
  // Names taken, and tests already in out (by identity), for a re-run that copies nothing twice.
  const taken = new Set((await fs.readdir(checked.out)).filter((name) => !name.startsWith(".")))
  const present = await presentTests(checked.out, taken)
  const result: MergeResult = {
    out,
    copied: 0,
    renamed: [],
    unchanged: 0,
    skipped: [],
    index: "",
  }
  const nextTemp = tempNames()
  for (const input of checked.inputs) {
    if (input.real === undefined) {
      result.skipped.push({
        path: input.given,
        reason:
          "does not exist: a shard with nothing to report (CI uploads no folder when no test failed)",
      })
      continue
    }
    if (input.real === checked.out) continue // the output given as an input: merged already
    const entries = (await fs.readdir(input.real, { withFileTypes: true }))
      .filter((e) => e.name !== INDEX_FILE && !e.name.startsWith("."))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (options.signal?.aborted) throw interrupted(checked.out, options.signal)
      const from = path.join(input.real, entry.name)
      const shownFrom = path.join(input.given, entry.name)
      if (entry.isSymbolicLink()) {
        result.skipped.push({
          path: shownFrom,
          reason: "a link: not copied (links are copied only inside a test's folder)",
        })
        continue
      }
      if (!entry.isDirectory() && !entry.isFile()) {
        result.skipped.push({ path: shownFrom, reason: "neither a file nor a folder: not copied" })
        continue
      }
      if (entry.isDirectory()) {
        const check = await readMeta(path.join(from, META_FILE))
        if (!check.ok && !check.missing) {
          result.skipped.push({
            path: shownFrom,
            reason: `not copied: its meta.json is not one zmq-harness writes (${check.problem})`,
          })
          continue
        }
        if (check.ok) {
          if (present.has(identity(check.meta))) {
            result.unchanged++
            continue
          }
          present.add(identity(check.meta))
        }
      }
      if (taken.has(entry.name) && (await sameContent(from, path.join(checked.out, entry.name)))) {
        result.unchanged++
        continue
      }
      const name = freeName(entry.name, taken, entry.isDirectory())
      const leftOut = await copyInto(from, checked.out, name, nextTemp(), options.signal)
      taken.add(name)
      result.copied++
      if (name !== entry.name) result.renamed.push({ from: shownFrom, to: name })
      if (leftOut.length > 0) {
        const shown = leftOut.slice(0, 3).map((l) => `${l.path}: ${l.reason}`)
        result.skipped.push({
          path: shownFrom,
          reason: `copied without ${leftOut.length} item(s) that may not be copied: ${shown.join("; ")}${leftOut.length > 3 ? "; …" : ""}`,
        })
      }
    }
  }
  result.index = await (options.rebuildIndex ?? runIndex(result))(out)
  return result
}

/** The identities of the tests in `out`'s folders `names` (their meta.json as written: the folder they were written to). */
async function presentTests(out: string, names: ReadonlySet<string>): Promise<Set<string>> {
  const present = new Set<string>()
  for (const name of names) {
    const check = await readMeta(path.join(out, name, META_FILE))
    if (check.ok) present.add(identity(check.meta))
  }
  return present
}

function interrupted(out: string, signal: AbortSignal, copying?: string): MergeArtifactsError {
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason)
  return new MergeArtifactsError(
    `expected the merge into ${JSON.stringify(out)} to finish, got it interrupted (${why})${copying ? ` while copying ${JSON.stringify(copying)}` : ""}. ` +
      "What was copied before is complete and no half-copied folder is left; run the same merge again to finish it.",
    { cause: signal.reason },
  )
}

/** The default index of a merge: every test of `out`; a folder of `out` that does not fit is a warning too. */
function runIndex(result: MergeResult): (dir: string) => Promise<string> {
  return async (dir) =>
    (
      await writeIndex(dir, {
        title: "zmq-harness artifacts (merged)",
        skipped: (folder, problem) =>
          result.skipped.push({
            path: path.join(result.out, folder),
            reason: `not listed: its meta.json is not one zmq-harness writes (${problem})`,
          }),
      })
    ).file
}

/**
 * Copies one entry into `out` as `name`, through the temporary folder `temp` renamed at the
 * end: an interrupted merge leaves no half-copied entry under a real name, and removes the
 * temporary one.
 */
async function copyInto(
  from: string,
  out: string,
  name: string,
  temp: string,
  signal: AbortSignal | undefined,
): Promise<LeftOut[]> {
  const tempPath = path.join(out, temp)
  try {
    const leftOut = await copyEntry(from, tempPath, signal)
    signal?.throwIfAborted()
    await fs.rename(tempPath, path.join(out, name))
    return leftOut
  } catch (err) {
    await fs.rm(tempPath, { recursive: true, force: true }).catch(() => undefined)
    if (signal?.aborted) throw interrupted(out, signal, from)
    throw err
  }
}
