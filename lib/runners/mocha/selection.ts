import * as fs from "node:fs"
import * as path from "node:path"
import { createRequire } from "node:module"
import createDebug from "debug"
import { PREFIX } from "../../errors"
import type { MochaInstance } from "./shard"

const debug = createDebug("zmq-harness:selection")

// Once per process, for every copy of the plugin: a watch run or a second copy says it once.
const SAID = Symbol.for("zmq-harness.selection-said")

/** The rc settings Mocha read, as written (before yargs made one pattern of a list). */
interface RcOptions {
  grep?: unknown
  fgrep?: unknown
}

/** The folder of the Mocha package that holds `file` (its main module). */
function packageRoot(file: string): string | undefined {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json")) && path.basename(dir) === "mocha") return dir
  }
  return undefined
}

/** The value of `--config` on Mocha's command line: a path, false for `--no-config`, or undefined. */
function configArg(argv: readonly string[]): string | false | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--no-config") return false
    if (argv[i] === "--config") return argv[i + 1]
    if (argv[i].startsWith("--config=")) return argv[i].slice("--config=".length)
  }
  return undefined
}

/**
 * The rc file's and package.json's Mocha settings, read the way Mocha reads them (its own
 * `lib/cli/options` of Mocha 10, 11 or 12); empty when they cannot be read.
 */
function rcOptions(mochaPath: string, argv: readonly string[]): RcOptions[] {
  const root = packageRoot(mochaPath)
  const config = configArg(argv)
  if (!root) return []
  try {
    const load = createRequire(path.join(root, "package.json"))
    let cli: { loadRc(args: object): RcOptions; loadPkgRc(args: object): RcOptions } | undefined
    for (const file of ["./lib/cli/options.cjs", "./lib/cli/options.js"]) {
      try {
        cli = load(file) as typeof cli
        break
      } catch {
        // the other name
      }
    }
    if (!cli) return []
    const found: RcOptions[] = []
    if (config !== false) found.push(cli.loadRc(config ? { config } : {}))
    if (!argv.includes("--no-package")) found.push(cli.loadPkgRc({}))
    return found
  } catch (err) {
    debug("could not read Mocha's rc options: %O", err)
    return []
  }
}

function shown(value: unknown): string {
  return value instanceof RegExp ? String(value) : JSON.stringify(value)
}

/**
 * What to tell the user about the tests Mocha selects, before the run: one line when the grep is
 * inverted (the opposite set of the pattern runs), and one when the rc file gave `grep` (or
 * `fgrep`) as a list, which Mocha does not take (it keeps one pattern of it, silently).
 *
 * @param options the Mocha instance's options at `run()`
 * @param rc the rc settings as written
 * @example
 * ```ts
 * selectionNotes({ grep: /@process/, invert: true }, [])
 * // ['zmq-harness: --invert: running only the tests whose titles do NOT match /@process/ …']
 * ```
 */
export function selectionNotes(options: Record<string, unknown>, rc: RcOptions[]): string[] {
  const notes: string[] = []
  for (const settings of rc) {
    for (const key of ["grep", "fgrep"] as const) {
      const value = settings[key]
      if (!Array.isArray(value)) continue
      const took =
        options.grep === undefined
          ? "ran every test"
          : `selected the tests matching ${shown(options.grep)} only`
      notes.push(
        `${PREFIX}expected \`${key}\` in Mocha's config to be one pattern, got a list ${JSON.stringify(value)}; ` +
          `Mocha does not take a list and ${took}. ` +
          `Write one regular expression instead, e.g. grep: "${value.map(String).join("|")}".`,
      )
    }
  }
  if (options.invert && options.grep !== undefined) {
    notes.push(
      `${PREFIX}--invert: running only the tests whose titles do NOT match ${shown(options.grep)} ` +
        "(`invert` from the command line or the config file). Drop `invert` to run the matching tests instead.",
    )
  }
  return notes
}

/**
 * Before a Mocha instance runs (in the main process, not in `--parallel` workers): prints the
 * {@link selectionNotes} to stderr, once per process.
 *
 * @example
 * ```ts
 * beforeRun(Mocha, SELECTION, (instance) => noteSelection(instance, mochaPath))
 * ```
 */
export function noteSelection(instance: MochaInstance, mochaPath: string): void {
  const state = globalThis as Record<symbol, unknown>
  if (state[SAID] || process.env.MOCHA_WORKER_ID !== undefined) return
  const options = instance.options ?? {}
  state[SAID] = true
  const notes = selectionNotes(options, rcOptions(mochaPath, process.argv))
  for (const note of notes) process.stderr.write(note + "\n")
}
