import { spawn } from "node:child_process"
import { codes, UsageError } from "../errors"
import { currentScope } from "../mocha/current"
import { installInterruptHandlers } from "../mocha/interrupt"
import type { Resource } from "../mocha/scope"
import { forgetTree, killTree, killTreeAndWait, trackTree } from "../process/tree"
import { CallSite } from "../util/call-site"
import { checkCwd, spawnError, type SpawnContext } from "../process/spawn-errors"
import { killedError } from "./program-errors"
import { checkArgs, checkCommand, commandLine } from "../process/command-line"
import { renderOutput } from "./text"
import { requireRegistered } from "../mocha/registration"

/**
 * Options of {@link runProgram}.
 *
 * @example
 * ```ts
 * await runProgram("node", ["cli.js"], { timeout: 2000, input: "ping\n", env: { DEBUG: "" }, cwd: "examples" })
 * ```
 */
export interface RunProgramOptions {
  /** ms the program may run before its process tree is killed and the call fails. Default 10000. */
  timeout?: number
  /** Written to the program's standard input, which is then closed. Without it, stdin is empty. */
  input?: string | Uint8Array
  /** Variables merged over the test's environment; `undefined` removes one. */
  env?: Record<string, string | undefined>
  /** Working folder of the program. Default: the test's. */
  cwd?: string
}

/**
 * How a program ended, and what it wrote.
 *
 * @example
 * ```ts
 * const { code, signal, stdout, stderr, duration } = await runProgram("node", ["cli.js"])
 * ```
 */
export interface ProgramResult {
  /** Exit code, or `null` when a signal ended it. */
  code: number | null
  /** The signal that ended it, or `null`. */
  signal: NodeJS.Signals | null
  /** Standard output, decoded as UTF-8. */
  stdout: string
  /** Standard error, decoded as UTF-8. */
  stderr: string
  /** ms from start to exit. */
  duration: number
}

const DEFAULT_TIMEOUT = 10_000
/** After a kill, how long to wait for the pipes to close before closing them ourselves. */
const PIPE_GRACE = 2_000

/**
 * Runs a program to its end, without a shell, and resolves with its exit
 * status and output — the system test that "invokes the program from its
 * command line and checks its output". It is bounded: after `timeout` ms the
 * program and everything it started (its process group) are killed and the
 * call fails with a {@link ProgramError} holding the output so far. When the
 * program exits, whatever it left running in its group is killed too. The run
 * belongs to the current test: if the test ends first (Mocha's timeout), it is
 * killed, and the hang report shows it with the tail of its output.
 *
 * A non-zero exit is not an error: check `code`. A program that cannot be
 * started fails with a {@link ProcessNotFoundError}.
 *
 * @example
 * ```ts
 * const run = await runProgram("node", ["dist/pongproc.js"], { timeout: 5000 })
 * expect(run.code).to.equal(0)
 * expect(run.stdout).to.matchGolden("test/data/pongproc.out")
 *
 * const upper = await runProgram("tr", ["a-z", "A-Z"], { input: "ping\n" })
 * expect(upper.stdout).to.equal("PING\n")
 * ```
 */
export function runProgram(
  command: string,
  args: readonly string[] = [],
  options: RunProgramOptions = {},
): Promise<ProgramResult> {
  const site = new CallSite(runProgram)
  const env = options.env ? { ...process.env, ...options.env } : process.env
  const context: SpawnContext = { caller: "runProgram", cwd: options.cwd, env }
  try {
    requireRegistered()
    checkArguments(command, args, options)
    checkCwd(command, context)
  } catch (err) {
    return Promise.reject(site.apply(err as Error))
  }
  installInterruptHandlers()
  const scope = currentScope()
  // A test already failed (a process under test crashed): do not start anything more.
  if (scope.failed) return Promise.reject(scope.failed)
  const shown = commandLine(command, args)
  const timeout = options.timeout ?? DEFAULT_TIMEOUT
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100

  const child = spawn(command, args, {
    cwd: options.cwd,
    env,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    // Its own process group, so one signal reaches everything it starts (lib/process/tree.ts).
    detached: true,
    windowsHide: true,
  })
  const pid = child.pid
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout!.on("data", (chunk: Buffer) => out.push(chunk))
  child.stderr!.on("data", (chunk: Buffer) => err.push(chunk))
  const output = () => ({
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
  })
  if (options.input !== undefined && child.stdin) {
    child.stdin.on("error", () => undefined) // EPIPE: the program did not read it all; not our failure
    child.stdin.end(options.input)
  }

  let killedBy: "timeout" | "test end" | undefined
  let pipeTimer: NodeJS.Timeout | undefined
  // Kill the group; if something outside it still holds the pipes, close them after a grace.
  const kill = () => {
    if (pid !== undefined) killTree(pid)
    pipeTimer ??= setTimeout(() => {
      child.stdout?.destroy()
      child.stderr?.destroy()
    }, PIPE_GRACE)
    pipeTimer.unref()
  }

  const resource: Resource = {
    kind: "process",
    describe: () => {
      const { stdout, stderr } = output()
      return `program ${shown} (pid ${pid}), running for ${Math.round(elapsed())} ms of its ${timeout} ms\n${renderOutput(stdout, stderr, 5)}`
    },
    close: async () => {
      if (settled) return
      killedBy ??= "test end"
      kill()
      await finished.catch(() => undefined)
    },
  }

  let settled = false
  const finished = new Promise<ProgramResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      killedBy ??= "timeout"
      kill()
    }, timeout)
    const settle = () => {
      settled = true
      clearTimeout(timer)
      if (pipeTimer) clearTimeout(pipeTimer)
      if (pid !== undefined) forgetTree(pid)
      scope.remove(resource)
    }
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (settled) return
      settle()
      reject(site.apply(spawnError(command, error, context)))
    })
    // Leftovers in the program's group would hold the pipes open: end them with the program.
    child.once("exit", () => kill())
    child.once("close", async (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return
      clearTimeout(timer)
      const duration = elapsed()
      const why = killedBy
      // What was killed in its group may still be dying: wait (bounded) so its ports are free.
      if (pid !== undefined) await killTreeAndWait(pid)
      settle()
      if (why) {
        reject(site.apply(killedError(shown, why, timeout, pid, output(), duration)))
      } else {
        resolve({ code, signal, ...output(), duration })
      }
    })
  })

  if (pid !== undefined) {
    trackTree(child)
    scope.add(resource)
  }
  return scope.guard(finished)
}

function checkArguments(
  command: string,
  args: readonly string[],
  options: RunProgramOptions,
): void {
  checkCommand("runProgram", command)
  checkArgs("runProgram", command, args)
  const timeout = options.timeout
  if (
    timeout !== undefined &&
    !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout))
  ) {
    throw new UsageError(
      codes.INVALID_ARGUMENT,
      `expected { timeout } in ms as a positive number, got ${String(timeout)}.`,
    )
  }
}
