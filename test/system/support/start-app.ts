import { spawn } from "node:child_process"
import { currentScope } from "../../../lib/mocha/current"
import { killGroup, trackGroup, untrackGroup } from "../../../lib/system/process-group"
import { renderOutput } from "../../../lib/system/text"

/** A long-running application started by {@link startApp}. */
export interface App {
  pid: number
  /** Output so far. */
  readonly stdout: string
  readonly stderr: string
  /** The match of the `ready` pattern. */
  ready: RegExpMatchArray
  /** SIGTERM, then the exit (bounded by `grace`; SIGKILL to the group after it). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/**
 * A stand-in for the processes helper's `startProcess`, which lands later:
 * starts a long-running application in its own process group, waits (bounded)
 * for a line matching `ready`, and ties it to the current test, which stops it
 * when it ends. runProgram cannot do this: it waits for the program to exit.
 */
export async function startApp(
  command: string,
  args: string[],
  { ready, timeout = 10_000, grace = 2000 }: { ready: RegExp; timeout?: number; grace?: number },
): Promise<App> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true })
  const pid = child.pid!
  trackGroup(pid)
  let stdout = ""
  let stderr = ""
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      untrackGroup(pid)
      resolve({ code, signal })
    }),
  )

  const stop = async () => {
    child.kill("SIGTERM")
    const timer = setTimeout(() => killGroup(pid), grace)
    const status = await exited
    clearTimeout(timer)
    killGroup(pid) // anything the app left behind in its group
    return status
  }
  const scope = currentScope()
  const resource = {
    kind: "process",
    describe: () =>
      `app ${command} ${args.join(" ")} (pid ${pid})\n${renderOutput(stdout, stderr, 5)}`,
    close: async () => void (await stop()),
  }
  scope.add(resource)

  const match = await scope.guard(
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new Error(
            `app not ready after ${timeout} ms (no line matching ${ready}):\n${renderOutput(stdout, stderr)}`,
          ),
        )
      }, timeout)
      const check = () => {
        const found = stdout.match(ready)
        if (found) {
          cleanup()
          resolve(found)
        }
      }
      const early = ({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }) => {
        cleanup()
        reject(
          new Error(
            `app exited (${signal ?? `code ${code}`}) before it was ready:\n${renderOutput(stdout, stderr)}`,
          ),
        )
      }
      const cleanup = () => {
        clearTimeout(timer)
        child.stdout!.off("data", check)
      }
      child.stdout!.on("data", check)
      void exited.then(early)
    }),
  )
  return {
    pid,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    ready: match,
    stop: async () => {
      scope.remove(resource)
      return stop()
    },
  }
}
