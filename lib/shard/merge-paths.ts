import * as fs from "node:fs/promises"
import * as path from "node:path"
import { MergeArtifactsError } from "../errors"

/**
 * The paths of a merge, checked before anything is written (a mistake must not leave half a
 * merge), and compared where they really lead: an output folder that is a link into an input is
 * inside that input, whatever its name says.
 */

/** One input of a merge. */
export interface MergeInput {
  /** As given. */
  readonly given: string
  /** Where it really is (links resolved); undefined when nothing is there: a shard with nothing to report. */
  readonly real?: string
}

/** The checked paths of a merge. */
export interface MergePaths {
  /** Where the output folder really is, or will be. */
  readonly out: string
  readonly inputs: readonly MergeInput[]
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child)
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel))
}

/** Where `p` leads: its real path, or, when it does not exist, its nearest existing folder's real path joined with the rest. */
async function leadsTo(p: string): Promise<string> {
  const absolute = path.resolve(p)
  const rest: string[] = []
  for (let at = absolute; ; at = path.dirname(at)) {
    const real = await fs.realpath(at).catch(() => undefined)
    if (real !== undefined) return path.join(real, ...rest.reverse())
    if (path.dirname(at) === at) return absolute
    rest.push(path.basename(at))
  }
}

const shown = (given: string, real: string) =>
  path.resolve(given) === real
    ? JSON.stringify(given)
    : `${JSON.stringify(given)} (which leads to ${JSON.stringify(real)})`

/**
 * Checks the output folder and the inputs of a merge. An input that does not exist is a shard
 * that had nothing to report (CI uploads no folder for a shard whose tests all passed): it is
 * returned without `real`, not refused. Throws {@link MergeArtifactsError} for no input, an input
 * that is a file, an output that is a file, or an output inside an input (or the reverse).
 *
 * @example
 * ```ts
 * const { out, inputs } = await checkMergePaths("merged", ["shard-1", "shard-2"])
 * ```
 */
export async function checkMergePaths(out: string, inputs: readonly string[]): Promise<MergePaths> {
  if (inputs.length === 0) {
    throw new MergeArtifactsError(
      "expected at least one artifacts folder to merge, got none. " +
        "Give the output folder, then the folders of the shards: merge-artifacts merged shard-1 shard-2.",
    )
  }
  const outReal = await leadsTo(out)
  const outStat = await fs.stat(outReal).catch(() => undefined)
  if (outStat && !outStat.isDirectory()) {
    throw new MergeArtifactsError(
      `expected the output ${JSON.stringify(out)} to be a folder (or not to exist), got a file. Choose another path.`,
    )
  }
  const checked: MergeInput[] = []
  for (const input of inputs) {
    const stat = await fs.stat(input).catch(() => undefined)
    if (!stat) {
      checked.push({ given: input })
      continue
    }
    if (!stat.isDirectory()) {
      throw new MergeArtifactsError(
        `expected ${JSON.stringify(input)} to be an artifacts folder, got a file. ` +
          "Give the folders that ZMQ_HARNESS_ARTIFACTS pointed at on each shard (downloaded from CI).",
      )
    }
    const real = await fs.realpath(input)
    if (real !== outReal && inside(outReal, real)) {
      throw new MergeArtifactsError(
        `expected the output folder outside the inputs, got ${shown(out, outReal)} inside ${shown(input, real)}, ` +
          "which the merge would copy into itself. Choose an output folder beside the inputs.",
      )
    }
    if (real !== outReal && inside(real, outReal)) {
      throw new MergeArtifactsError(
        `expected the inputs outside the output folder, got ${shown(input, real)} inside ${shown(out, outReal)}, ` +
          "whose index would then list the input as a test. Move the input, or choose another output folder.",
      )
    }
    checked.push({ given: input, real })
  }
  return { out: outReal, inputs: checked }
}
