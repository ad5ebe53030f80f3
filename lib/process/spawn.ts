import { fork, spawn, type ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import { ProcessNotFoundError } from "./errors"

/** What to start: a program, or a Node module forked with an IPC channel. */
export interface SpawnRequest {
  /** The program (spawn) or the module's absolute path (fork). */
  file: string
  args: readonly string[]
  cwd?: string
  env: NodeJS.ProcessEnv
  /** Set for a fork: the Node options of the child (ts-node, stub preloads). */
  execArgv?: string[]
  /** Called synchronously once the child object exists, before any event (to attach IPC listeners). */
  onChild?(child: ChildProcess): void
}

const REASONS: Record<string, string> = {
  ENOENT: "no such program",
  EACCES: "permission denied (not executable?)",
  ENOTDIR: "a part of its path is not a folder",
}

/**
 * Starts the child in a process group of its own (so its whole tree can be
 * killed at once) with piped stdio, and resolves once it is running; a
 * program that cannot be started rejects with {@link ProcessNotFoundError}.
 */
export async function spawnChild(request: SpawnRequest): Promise<ChildProcess> {
  const { file, args, cwd, env, execArgv } = request
  if (cwd !== undefined && !fs.statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ProcessNotFoundError(
      `expected \`cwd\` to be an existing folder, got ${JSON.stringify(cwd)}, which is not one. Create it or fix the path.`,
    )
  }
  const child = execArgv
    ? fork(file, [...args], {
        cwd,
        env,
        execArgv,
        detached: true,
        stdio: ["pipe", "pipe", "pipe", "ipc"],
      })
    : spawn(file, [...args], { cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] })
  try {
    request.onChild?.(child)
  } catch (err) {
    child.kill("SIGKILL") // not tracked yet: nothing else would end it
    throw err
  }
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      child.removeListener("spawn", onSpawn)
      const reason = REASONS[err.code ?? ""] ?? err.message
      const where = file.includes("/") ? `at ${file}` : "on the PATH"
      reject(
        new ProcessNotFoundError(
          `expected a program ${JSON.stringify(file)} to start, got ${err.code ?? "an error"}: ${reason} ${where}. ` +
            "Check its name, or give its full path (no shell is used: pass arguments as a list, not in the command).",
          { cause: err },
        ),
      )
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
