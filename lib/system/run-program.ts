import { spawn, type ChildProcess } from "node:child_process"
import { ProgramError, SpawnError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted, installInterruptHandlers } from "../core/interrupt"
import { markEnv, newMark } from "../process/marks"
import type { Resource } from "../core/scope"
import { forgetTree, killTree, killTreeAndWait, trackTree } from "../process/tree"
import { CallSite } from "../util/call-site"
import { checkCwd, spawnError, type SpawnContext } from "../process/spawn-errors"
import { OutputBuffer } from "../process/output"
import { killedError } from "./program-errors"
import { commandLine } from "../process/command-line"
import { checkProgramOptions, type RunProgramOptions } from "./program-options"
import { renderOutput } from "./text"
import { requireRegistered } from "../core/registration"
import { inHost, placed, type Placement } from "../process/placement"

export type { RunProgramOptions }

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
  /**
   * Standard output, decoded as UTF-8: its newest `outputLimit` characters,
   * after a `[… N bytes cut …]` line when it was longer.
   */
  stdout: string
  /** Standard error, decoded as UTF-8, kept like `stdout`. */
  stderr: string
  /** ms from start to exit. */
  duration: number
}

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
  return runProgramIn(undefined, new CallSite(runProgram), command, args, options)
}

/** @internal {@link runProgram} in a place (a topology host), with the public method's call site. */
export function runProgramIn(
  placement: Placement | undefined,
  site: CallSite,
  command: string,
  args: readonly string[] = [],
  options: RunProgramOptions = {},
): Promise<ProgramResult> {
  let checked: ReturnType<typeof checkProgramOptions>
  let env: NodeJS.ProcessEnv = process.env
  let context: SpawnContext
  try {
    requireRegistered()
    checkNotInterrupted("runProgram")
    // Everything is checked before the spawn: a throw after it would leave an untracked program.
    checked = checkProgramOptions(command, args, options)
    if (options.env) env = { ...process.env, ...options.env }
    context = { caller: "runProgram", cwd: options.cwd, env }
    checkCwd(command, context)
  } catch (err) {
    return Promise.reject(site.apply(err as Error))
  }
  installInterruptHandlers()
  const scope = currentScope()
  // A test already failed (a process under test crashed): do not start anything more.
  if (scope.failed) return scope.guard<ProgramResult>(new Promise(() => undefined)) // rejects at once
  const shown = commandLine(command, args) + inHost(placement)
  const { timeout, input } = checked
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100

  const mark = newMark() // in its environment, inherited by a daemon it leaves (lib/process/marks.ts)
  let child: ChildProcess
  try {
    const program = placed(placement, command, args)
    child = spawn(program.file, program.args, {
      cwd: options.cwd,
      env: markEnv(env, mark),
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      // Its own process group, so one signal reaches everything it starts (lib/process/tree.ts).
      detached: true,
      windowsHide: true,
    })
  } catch (err) {
    // Node refuses some arguments synchronously; nothing was started.
    return Promise.reject(
      site.apply(
        new SpawnError(
          `expected a program "${command}" to start, got ${(err as Error).message}. Check its command, arguments and options.`,
          { cause: err },
        ),
      ),
    )
  }
  const pid = child.pid
  // Each stream keeps its newest characters: an endless writer cannot pass V8's longest string.
  const out = new OutputBuffer(checked.outputLimit)
  const err = new OutputBuffer(checked.outputLimit)
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => out.append(chunk))
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => err.append(chunk))
  const output = () => ({ stdout: out.shown, stderr: err.shown })
  if (input !== undefined && child.stdin) {
    child.stdin.on("error", () => undefined) // EPIPE: the program did not read it all; not our failure
    child.stdin.end(input)
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
    // Whatever goes wrong in here still settles the call, with the program killed.
    const fail = (cause: unknown) => {
      if (settled) return
      kill()
      settle()
      let soFar = { stdout: "", stderr: "" }
      try {
        soFar = output()
      } catch {
        // The output itself is what failed; the message says so through the cause.
      }
      reject(
        site.apply(
          new ProgramError(
            shown,
            soFar,
            elapsed(),
            `expected to collect the result of ${shown}, got an error: ${String((cause as Error)?.message ?? cause)}. ` +
              `Killed it and its process group (pid ${pid}).`,
            { cause },
          ),
        ),
      )
    }
    child.once("error", (error: NodeJS.ErrnoException) => {
      if (settled) return
      settle()
      reject(site.apply(spawnError(command, error, context)))
    })
    child.stdout!.on("error", fail)
    child.stderr!.on("error", fail)
    // Leftovers in the program's group would hold the pipes open: end them with the program.
    child.once("exit", () => kill())
    child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return
      clearTimeout(timer)
      const duration = elapsed()
      const why = killedBy
      // What was killed in its group may still be dying: wait (bounded) so its ports are free.
      const leftovers = pid !== undefined ? killTreeAndWait(pid) : Promise.resolve()
      leftovers
        .then(() => {
          if (settled) return
          const result = { code, signal, ...output(), duration }
          settle()
          if (why) reject(site.apply(killedError(shown, why, timeout, pid, result, duration)))
          else resolve(result)
        })
        .catch(fail)
    })
  })

  if (pid !== undefined) {
    trackTree(child, { mark, name: `program "${shown}"` })
    scope.add(resource)
  }
  return scope.guard(finished)
}
