import { spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { hostProcess } from "../util/host-process"
import { MARK_VARIABLE, canFindMarked, markPrefix } from "./marks"

/**
 * The reaper's program: compiled next to this file, or, when zmq-harness runs from its
 * TypeScript sources (its own tests), the compiled copy in dist/ if it was built.
 */
function programFile(): string | undefined {
  const file = __filename.endsWith(".ts")
    ? path.resolve(__dirname, "../../dist/process/reaper-main.js")
    : path.join(__dirname, "reaper-main.js")
  return fs.existsSync(file) ? file : undefined
}

/** One reaper per thread, shared by every copy of zmq-harness in it (Jest loads one per file). */
const REAPER = Symbol.for("zmq-harness.reaper")

let wanted = false

/**
 * Asks for a reaper in this thread from its first process start on (the Vitest and Jest
 * adapters do): their runners may end a worker without running its `exit` handlers (a worker
 * thread terminated, a process aborted by zeromq.js, a worker killed on Ctrl-C), and the
 * processes under test it started must not outlive it.
 *
 * @example
 * ```ts
 * wantReaper() // in installVitestAdapter()
 * ```
 */
export function wantReaper(): void {
  wanted = true
}

/**
 * Starts, once per thread when {@link wantReaper} was called, the reaper: a small detached Node
 * process that holds the read end of a pipe from this thread. When the thread ends — however it
 * ends — the pipe closes and the reaper SIGKILLs every process that carries this thread's mark
 * prefix (lib/process/marks.ts), with its group. It keeps nothing alive (unref'd), a Ctrl-C to
 * the process group does not reach it, and it carries no mark of its own (an outer harness does
 * not take it for a daemon its process left behind). Linux only (it finds processes through /proc).
 *
 * @example
 * ```ts
 * startReaper() // in trackTree(), at each start
 * ```
 */
export function startReaper(): void {
  if (!wanted || !canFindMarked) return
  const host = hostProcess() as NodeJS.Process & { [REAPER]?: ChildProcess | null }
  if (host[REAPER] !== undefined) return
  const file = programFile()
  host[REAPER] = null
  if (!file) return
  const env = { ...process.env }
  delete env[MARK_VARIABLE]
  const child = spawn(process.execPath, [file, markPrefix()], {
    detached: true,
    env,
    stdio: ["pipe", "ignore", "ignore"],
  })
  child.on("error", () => undefined)
  child.stdin?.on("error", () => undefined)
  child.unref()
  ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  host[REAPER] = child
}

/**
 * The reaper's pid, if one runs in this thread (for tests).
 *
 * @example
 * ```ts
 * process.kill(reaperPid()!, 0)
 * ```
 */
export function reaperPid(): number | undefined {
  return (hostProcess() as { [REAPER]?: ChildProcess | null })[REAPER]?.pid
}
