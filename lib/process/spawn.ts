import { fork, spawn, type ChildProcess } from "node:child_process"
import { markEnv, newMark } from "./marks"
import { inHost, placed, type Placement } from "./placement"
import { checkCwd, spawnError } from "./spawn-errors"
import { trace, traceOutput } from "./trace"
import { forgetTree, trackTree } from "./tree"

/** What to start: a program, or a Node module forked with an IPC channel. */
export interface SpawnRequest {
  /** The program (spawn) or the module's absolute path (fork). */
  file: string
  /** The program or module as the test gave it, and the public function, for messages. */
  shown: { command: string; caller: string }
  /** The command line as messages show it (`node app.js --port 5678`). */
  display: string
  args: readonly string[]
  cwd?: string
  env: NodeJS.ProcessEnv
  /** Set for a fork: the Node options of the child (ts-node, stub preloads). */
  execArgv?: string[]
  /** Called synchronously once the child object exists, before any event (to attach IPC listeners). */
  onChild?(child: ChildProcess): void
  /** The topology host to run it in (lib/topology/); the test's own network when absent. */
  placement?: Placement
}

/**
 * Starts the child in a process group of its own (so its whole tree can be
 * killed at once) with piped stdio, marked (its environment carries a mark
 * its descendants inherit, so a daemon it leaves behind can be found) and
 * tracked at once (an interrupt from now on kills it), and resolves once it
 * is running; a
 * program that cannot be started rejects with the error of
 * {@link spawnError} (a {@link ProcessNotFoundError} when it is missing).
 */
export async function spawnChild(request: SpawnRequest): Promise<ChildProcess> {
  const { file, args, cwd, env, execArgv } = request
  const context = { caller: request.shown.caller, cwd, env }
  checkCwd(request.shown.command, context)
  const mark = newMark()
  const marked = markEnv(env, mark)
  const { placement } = request
  let child: ChildProcess
  if (placement) {
    // In a host, the prefix (nsenter) execs the program: a module is Node with its options, and
    // the IPC channel of a fork is fd 3, which the exec keeps (Node finds it by NODE_CHANNEL_FD).
    const program = execArgv
      ? placed(placement, process.execPath, [...execArgv, file, ...args])
      : placed(placement, file, args)
    const stdio: ("pipe" | "ipc")[] = execArgv
      ? ["pipe", "pipe", "pipe", "ipc"]
      : ["pipe", "pipe", "pipe"]
    child = spawn(program.file, program.args, { cwd, env: marked, detached: true, stdio })
  } else {
    child = execArgv
      ? fork(file, [...args], {
          cwd,
          env: marked,
          execArgv,
          detached: true,
          stdio: ["pipe", "pipe", "pipe", "ipc"],
        })
      : spawn(file, [...args], {
          cwd,
          env: marked,
          detached: true,
          stdio: ["pipe", "pipe", "pipe"],
        })
  }
  trackTree(child, { mark, name: `process "${request.display}"${inHost(placement)}` })
  if (child.pid !== undefined) trace('spawned process "%s" (pid %d)', request.display, child.pid)
  traceOutput(child)
  try {
    request.onChild?.(child)
  } catch (err) {
    child.kill("SIGKILL") // no handle yet: nothing else would end it
    if (child.pid !== undefined) forgetTree(child.pid)
    throw err
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      child.removeListener("spawn", onSpawn)
      trace('could not start "%s": %s', request.display, err.message)
      reject(spawnError(request.shown.command, err, context))
    }
    const onSpawn = () => {
      child.removeListener("error", onError)
      resolve()
    }
    child.once("error", onError)
    child.once("spawn", onSpawn)
  })
  // Later errors (a signal to a process that is gone) must not crash the test run.
  child.on("error", () => undefined)
  return child
}
