import * as fs from "node:fs/promises"
import * as path from "node:path"
import { ownerToken } from "../util/owner"
import { runIsOver } from "./run-id"

/** Characters of a folder name at most (before a `-2`, `-3`… suffix). */
export const MAX_NAME = 100
/** The file that says which run made a folder. */
export const RUN_FILE = ".zmq-harness-run"

/**
 * A folder name for a test: its full title with every run of characters other than letters,
 * digits, `.`, `_` and `-` made one `-`, cut to {@link MAX_NAME} characters.
 *
 * @example
 * ```ts
 * folderName("PongProc @process answers ping") // "PongProc-process-answers-ping"
 * ```
 */
export function folderName(title: string): string {
  const safe = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents off: "é" is "e"
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, MAX_NAME)
    .replace(/[-.]+$/, "")
  return safe || "test"
}

async function runOf(dir: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(path.join(dir, RUN_FILE), "utf8")).trim()
  } catch {
    return undefined
  }
}

/**
 * Makes the folder of one test in `root`, unique: `name`, else `name-2`, `name-3`… A folder of
 * the same name left by an earlier run that is over (see {@link runIsOver}) is replaced; one of
 * this run (two tests with one title), of another run still going (two runs writing to one
 * folder at once), or one the harness did not make, is left as it is. `mkdir` is the claim, so
 * two `--parallel` workers, or two runs, never take the same folder.
 *
 * @example
 * ```ts
 * await claimFolder("/tmp/artifacts", "suite-test", run) // "/tmp/artifacts/suite-test"
 * ```
 */
export async function claimFolder(root: string, name: string, run: string): Promise<string> {
  await fs.mkdir(root, { recursive: true })
  for (let n = 1; n <= 1000; n++) {
    const base = n === 1 ? name : `${name}-${n}`
    const dir = path.join(root, base)
    if (await made(dir, run)) return dir
    const owner = await runOf(dir)
    if (owner !== undefined && owner !== run && runIsOver(owner)) {
      // An earlier run's: replaced. Moved aside first (a hidden name, which no index lists), so a
      // concurrent claim cannot see it half-removed.
      const aside = path.join(root, `.${base}.old-${ownerToken()}-${n}`)
      try {
        await fs.rename(dir, aside)
      } catch {
        continue // another worker replaced it first
      }
      await fs.rm(aside, { recursive: true, force: true }).catch(() => undefined)
      if (await made(dir, run)) return dir
    }
  }
  throw new Error(`no free folder name for ${name} in ${root}`)
}

/** Creates `dir` with its run file; false when it exists already. */
async function made(dir: string, run: string): Promise<boolean> {
  try {
    await fs.mkdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false
    throw err
  }
  await fs.writeFile(path.join(dir, RUN_FILE), run + "\n")
  return true
}
