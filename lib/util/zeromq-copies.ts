import * as fs from "node:fs"
import * as path from "node:path"
import { ZeromqCopiesWarning } from "../errors"

/**
 * Two copies of zeromq in one process each have their own context: an
 * `inproc://` endpoint bound through one cannot be reached through the other.
 * zeromq is a peer dependency so that the user's project and zmq-harness
 * share one copy; when they do not, say so once. A warning, not an error:
 * tcp:// and ipc:// work across copies (and processes under test have their
 * own zeromq anyway), and a monorepo may resolve another copy from the
 * working directory on purpose.
 */

function realResolve(paths?: string[]): string | undefined {
  try {
    return fs.realpathSync(require.resolve("zeromq", paths ? { paths } : undefined))
  } catch {
    return undefined
  }
}

/** The package folder of a resolved zeromq entry (`…/node_modules/zeromq`). */
function packageDir(entry: string): string {
  let dir = path.dirname(entry)
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) {
    dir = path.dirname(dir)
  }
  return dir
}

/**
 * The warning's message when the zeromq resolved from `projectDir` is not the
 * one zmq-harness loads, else undefined (one copy, or none in the project).
 *
 * @example
 * ```ts
 * zeromqCopies(process.cwd()) // undefined with one copy in the tree
 * ```
 */
export function zeromqCopies(projectDir: string): string | undefined {
  const ours = realResolve()
  const theirs = realResolve([projectDir])
  if (!ours || !theirs || ours === theirs) return undefined
  return (
    `expected one copy of zeromq, got two: zmq-harness loads ${packageDir(ours)}, your project ` +
    `(${projectDir}) resolves ${packageDir(theirs)}. inproc:// between your code and test sockets ` +
    "cannot connect across copies (tcp:// and ipc:// can). Keep one: npm ls zeromq; npm dedupe " +
    "(zmq-harness takes zeromq as a peer dependency)."
  )
}

let warned = false

/**
 * Emits a {@link ZeromqCopiesWarning} once per process when the project
 * (the working directory by default) resolves another zeromq than zmq-harness.
 *
 * @example
 * ```ts
 * warnIfTwoZeromqs() // called when the plugin loads
 * ```
 */
export function warnIfTwoZeromqs(projectDir = process.cwd()): void {
  if (warned) return
  const message = zeromqCopies(projectDir)
  if (!message) return
  warned = true
  process.emitWarning(new ZeromqCopiesWarning(message))
}
