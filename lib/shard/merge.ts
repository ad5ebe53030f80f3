import * as fs from "node:fs/promises"
import * as path from "node:path"
import { writeIndex } from "../artifacts/index-page"
import { MergeArtifactsError } from "../errors"

/**
 * Merges the artifact folders of several shards (or runs) into one: every
 * entry of each input (a test's folder, or any other file) is copied into
 * `out` under its own name, or, when that name is taken (two shards wrote a
 * folder of the same name), under the name with `-2`, `-3`… added; then the
 * run index `index.html` of `out` is rebuilt from all tests, so one page lists
 * every shard's tests, failed first. The inputs' own `index.html` files are not
 * copied (they list one shard each). `out` may exist: what it holds is kept.
 */

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
}

async function runIndex(dir: string): Promise<string> {
  return (await writeIndex(dir, { title: "zmq-harness artifacts (merged)" })).file
}

const INDEX = "index.html"

async function isDirectory(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => undefined))?.isDirectory() ?? false
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))
}

/** Checks the paths before anything is written: a mistake must not leave half a merge. */
async function checkPaths(out: string, inputs: string[]): Promise<void> {
  if (inputs.length === 0) {
    throw new MergeArtifactsError(
      "expected at least one artifacts folder to merge, got none. " +
        "Give the output folder, then the folders of the shards: merge-artifacts merged shard-1 shard-2.",
    )
  }
  for (const input of inputs) {
    if (!(await isDirectory(input))) {
      throw new MergeArtifactsError(
        `expected ${JSON.stringify(input)} to be an artifacts folder, got ${(await fs.stat(input).catch(() => undefined)) ? "a file" : "nothing at that path"}. ` +
          "Give the folders that ZMQ_HARNESS_ARTIFACTS pointed at on each shard (downloaded from CI).",
      )
    }
    if (inside(out, input) && path.resolve(out) !== path.resolve(input)) {
      throw new MergeArtifactsError(
        `expected the output folder outside the inputs, got ${JSON.stringify(out)} inside ${JSON.stringify(input)}, ` +
          "which the merge would copy into itself. Choose an output folder beside the inputs.",
      )
    }
    if (inside(input, out) && path.resolve(out) !== path.resolve(input)) {
      throw new MergeArtifactsError(
        `expected the inputs outside the output folder, got ${JSON.stringify(input)} inside ${JSON.stringify(out)}, ` +
          "whose index would then list the input as a test. Move the input, or choose another output folder.",
      )
    }
  }
  if ((await fs.stat(out).catch(() => undefined)) && !(await isDirectory(out))) {
    throw new MergeArtifactsError(
      `expected the output ${JSON.stringify(out)} to be a folder (or not to exist), got a file. Choose another path.`,
    )
  }
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

/**
 * Copies one entry into `out` as `name`, through a temporary name renamed at
 * the end: an interrupted merge leaves no half-copied test folder under a real name.
 */
async function copyEntry(from: string, out: string, name: string): Promise<void> {
  const temp = path.join(out, `.${name}.merging-${process.pid}`)
  await fs.rm(temp, { recursive: true, force: true })
  await fs.cp(from, temp, { recursive: true, errorOnExist: true, force: false })
  await fs.rename(temp, path.join(out, name))
}

/**
 * Merges artifact folders into `out` and rebuilds its `index.html` (see the
 * module comment). The command `npx zmq-harness merge-artifacts <out> <dir>…`
 * calls it.
 *
 * @example
 * ```ts
 * import { mergeArtifacts } from "zmq-harness"
 * const { copied, index } = await mergeArtifacts("merged", ["shard-1", "shard-2"])
 * console.log(`${copied} tests in ${index}`)
 * ```
 */
export async function mergeArtifacts(
  out: string,
  inputs: readonly string[],
  options: MergeOptions = {},
): Promise<MergeResult> {
  const sources = inputs.filter((input) => path.resolve(input) !== path.resolve(out))
  await checkPaths(out, [...inputs])
  await fs.mkdir(out, { recursive: true })
  const taken = new Set((await fs.readdir(out)).filter((name) => !name.startsWith(".")))
  let copied = 0
  const renamed: MergeResult["renamed"] = []
  for (const input of sources) {
    const entries = (await fs.readdir(input, { withFileTypes: true }))
      .filter((e) => e.name !== INDEX && !e.name.startsWith("."))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const name = freeName(entry.name, taken, entry.isDirectory())
      const from = path.join(input, entry.name)
      await copyEntry(from, out, name)
      taken.add(name)
      copied++
      if (name !== entry.name) renamed.push({ from, to: name })
    }
  }
  const index = await (options.rebuildIndex ?? runIndex)(out)
  return { out, copied, renamed, index }
}
