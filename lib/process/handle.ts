import type { ChildProcess } from "node:child_process"
import { codes, TimeoutError, UsageError } from "../errors"
import { currentScope } from "../mocha/current"
import type { Resource, Scope } from "../mocha/scope"
import { CallSite } from "../util/call-site"
import { crashError, isCrash, TERMINATING } from "./crash"
import { describeExit, ProcessExitedError, tailLines, type ExitStatus } from "./errors"
import { defaults, type StopStrategy } from "./options"
import { OutputBuffer, plainRegExp } from "./output"
import { stopProcess } from "./stop"
import type { StubHandle, StubRegistry } from "./stubs/index"

/** How long after `exit` the handle waits for stdout/stderr to end (a grandchild may hold them open). */
const STDIO_DRAIN_MS = 50

/** What {@link ProcessHandle} is made with. @internal */
export interface HandleSetup {
  /** The command line, for messages. */
  display: string
  stop: StopStrategy
  grace: number
  failOnExit: boolean
  /** The scope that owns the process. */
  owner: Scope
}

type Watcher = (event: "output" | "exit") => void

/**
 * A process under test, as returned by {@link startProcess} and
 * {@link startModule}. It is stopped when the test (or, for one started in a
 * `before` hook, the suite) ends, and an unexpected exit fails every pending
 * wait of the test at once.
 *
 * stdout and stderr are kept as text, each up to its newest 1 MiB.
 *
 * @example
 * ```ts
 * const proc = await startProcess("node", ["pong.js"], { ready: /listening on (\S+)/ })
 * const [, endpoint] = await proc.waitForOutput(/listening on (\S+)/)
 * await proc.stop()
 * const { code, signal } = await proc.exited
 * ```
 */
export class ProcessHandle implements Resource, AsyncDisposable {
  /** Always `"process"`; resources of a test are grouped by kind in reports. */
  readonly kind = "process"
  /** The process id (also the id of its process group). */
  readonly pid: number
  /**
   * Resolves with `{ code, signal }` once the process has exited and its
   * stdout and stderr are complete. Never rejects.
   */
  readonly exited: Promise<ExitStatus>

  private readonly out: { stdout: OutputBuffer; stderr: OutputBuffer }
  private readonly watchers = new Set<Watcher>()
  private readonly startedAt = performance.now()
  private readonly sent = new Set<string>()
  private status: ExitStatus | undefined
  private endedAfter = 0
  private terminating = false
  private paused = false
  private started = false
  private stopping: Promise<ExitStatus> | undefined
  private stubs: StubRegistry | undefined

  /** @internal Use {@link startProcess} or {@link startModule}. */
  constructor(
    /** The Node child process object, for what the harness does not wrap (stdin, IPC `send`). */
    readonly child: ChildProcess,
    private readonly setup: HandleSetup,
  ) {
    this.pid = child.pid!
    this.out = {
      stdout: new OutputBuffer(defaults.outputLimit),
      stderr: new OutputBuffer(defaults.outputLimit),
    }
    for (const name of ["stdout", "stderr"] as const) {
      const stream = child[name]!
      stream.setEncoding("utf8")
      stream.on("data", (chunk: string) => {
        this.out[name].append(chunk)
        this.notify("output")
      })
    }
    this.exited = new Promise((resolve) => {
      let drain: NodeJS.Timeout | undefined
      const settle = (status: ExitStatus) => {
        if (this.status) return
        clearTimeout(drain)
        this.status = status
        this.endedAfter = Math.round(performance.now() - this.startedAt)
        // A grandchild may still hold the pipes: stop reading them, the process is gone.
        child.stdout?.destroy()
        child.stderr?.destroy()
        child.stdin?.destroy()
        resolve(status)
        this.notify("exit")
        this.applyCrashRule(status)
      }
      child.once("exit", (code, signal) => {
        drain = setTimeout(() => settle({ code, signal }), STDIO_DRAIN_MS)
      })
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) =>
        settle({ code, signal }),
      )
    })
  }

  /** e.g. `process "node pong.js --port 5678" (pid 1234)`, used in every message. */
  get name(): string {
    return `process "${this.setup.display}" (pid ${this.pid})`
  }

  /** Everything the process wrote to stdout so far (its newest 1 MiB). */
  get stdout(): string {
    return this.out.stdout.text
  }

  /** Everything the process wrote to stderr so far (its newest 1 MiB). */
  get stderr(): string {
    return this.out.stderr.text
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.status === undefined
  }

  /**
   * Waits for output matching `pattern` on stdout or stderr: first in all
   * that was captured so far, then in what comes. Resolves with the match.
   * Fails when `timeout` (default 5000 ms) passes, when the process ends
   * without printing it, or at once when a process of the test crashes.
   *
   * @example
   * ```ts
   * const [, port] = await proc.waitForOutput(/listening on port (\d+)/)
   * await proc.waitForOutput("saved", { timeout: 500 }) // a string matches literally
   * ```
   */
  async waitForOutput(
    pattern: RegExp | string,
    options: { timeout?: number } = {},
  ): Promise<RegExpMatchArray> {
    const site = new CallSite(this.waitForOutput)
    const re = toRegExp(pattern)
    const ms = options.timeout ?? defaults.waitForOutputTimeout
    let result: Awaited<ReturnType<ProcessHandle["matchOutput"]>>
    try {
      result = await currentScope().guard(this.matchOutput(re, ms))
    } catch (err) {
      throw site.apply(err instanceof ProcessExitedError ? err.again() : (err as Error))
    }
    if (result === "timeout") {
      throw site.apply(
        new TimeoutError(
          "waitForOutput",
          ms,
          `waitForOutput timed out: expected output matching ${re} from ${this.name}, got none after ${ms} ms. ` +
            `Check the pattern against the output below, or give it more time with \`{ timeout }\`.\n\n${this.outputSoFar()}`,
        ),
      )
    }
    if (result === "exited") {
      throw site.apply(
        new ProcessExitedError(
          this.status!,
          this.stderr,
          `expected output matching ${re} from ${this.name}, got none before it ended with ` +
            `${describeExit(this.status!)} after ${this.endedAfter} ms. No more output can come.\n\n${this.outputSoFar()}`,
        ),
      )
    }
    return result
  }

  /**
   * Stops the process with its stop strategy (default SIGTERM), then SIGKILL
   * after `grace` ms, and kills what is left of its process tree. Resolves
   * with its exit status. Idempotent: every call returns the same promise.
   * Rejects (once the process is gone) if the stop strategy failed, e.g. a
   * stop message that could not be sent.
   *
   * @example
   * ```ts
   * const { code, signal } = await proc.stop()
   * ```
   */
  stop(): Promise<ExitStatus> {
    this.stopping ??= stopProcess(this, this.setup.stop, this.setup.grace)
    return this.stopping
  }

  /**
   * Sends a signal (default SIGTERM) to the process. An exit by a signal the
   * test sent is not a crash; after a terminating signal (SIGTERM, SIGINT,
   * SIGHUP, SIGQUIT, SIGKILL, SIGABRT) no exit is. Returns false when the
   * process was already gone.
   *
   * @example
   * ```ts
   * proc.kill("SIGKILL")
   * await proc.exited // { code: null, signal: "SIGKILL" }
   * ```
   */
  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    if (this.status) return false
    this.sent.add(signal)
    if (TERMINATING.has(signal)) this.terminating = true
    try {
      process.kill(this.pid, signal)
      return true
    } catch {
      return false
    }
  }

  /**
   * Freezes the process (SIGSTOP), to test how its peers cope with one that
   * hangs. `resume()` (SIGCONT) lets it go on; `stop()` resumes it first.
   *
   * @example
   * ```ts
   * proc.pause()
   * await expect(req).to.receiveNothing({ timeout: 200 })
   * proc.resume()
   * ```
   */
  pause(): void {
    if (this.kill("SIGSTOP")) this.paused = true
  }

  /** Lets a paused process go on (SIGCONT). See {@link ProcessHandle.pause}. */
  resume(): void {
    this.paused = false
    this.kill("SIGCONT")
  }

  /**
   * The handle of a stub installed with the `stubs` option of
   * {@link startModule}: `constructed()` resolves with the arguments of the
   * next construction, `calls()` lists the calls so far.
   *
   * @example
   * ```ts
   * const a = await startModule("src/a.ts", [], { stubs: [{ module: "./b", export: "B" }] })
   * const [port] = await a.stub("./b", "B").constructed()
   * ```
   */
  stub(module: string, exportName: string): StubHandle {
    if (!this.stubs) {
      throw new UsageError(
        codes.INVALID_ARGUMENT,
        `expected ${this.name} to have stubs, got none. Pass \`stubs: [{ module: ${JSON.stringify(module)}, export: ${JSON.stringify(exportName)} }]\` to startModule.`,
      )
    }
    return this.stubs.stub(module, exportName)
  }

  /** One line (and the tail of its output) for hang reports and timeout errors. */
  describe(): string {
    const state = this.status
      ? `exited with ${describeExit(this.status)} after ${this.endedAfter} ms`
      : `${this.paused ? "paused" : "running"} for ${Math.round(performance.now() - this.startedAt)} ms`
    const tail = (text: string) => tailLines(text, 5, "      ")
    return `${this.name}: ${state}\n    stdout (last 5 lines):\n${tail(this.stdout)}\n    stderr (last 5 lines):\n${tail(this.stderr)}`
  }

  /** Stops the process (the end of the test does it for you). Never throws: a failed stop strategy is printed. */
  async close(): Promise<void> {
    this.setup.owner.remove(this)
    // A failed stop is printed only when nobody called stop() (who did got the rejection).
    const unseen = this.stopping === undefined
    try {
      await this.stop()
    } catch (err) {
      if (unseen) process.stderr.write(`  ${(err as Error).message}\n`)
    }
    this.stubs?.close()
  }

  /** `await using proc = await startProcess(…)` stops it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  /** @internal The last `lines` lines of stdout and of stderr, for messages. */
  outputSoFar(lines = 20): string {
    return `Its stdout (last ${lines} lines):\n${tailLines(this.stdout, lines)}\nIts stderr (last ${lines} lines):\n${tailLines(this.stderr, lines)}`
  }

  /** @internal How it ended, once it has. */
  get exitStatus(): ExitStatus | undefined {
    return this.status
  }

  /** @internal ms from start to exit. */
  get lifetime(): number {
    return this.status ? this.endedAfter : Math.round(performance.now() - this.startedAt)
  }

  /** @internal Marks the stop as requested (the crash rule no longer applies). */
  markTerminating(): void {
    this.terminating = true
  }

  /** @internal Whether it is SIGSTOPped. */
  get isPaused(): boolean {
    return this.paused
  }

  /** @internal The start completed: from now on an unexpected exit fails the test's waits. */
  markStarted(): void {
    this.started = true
  }

  /** @internal */
  attachStubs(registry: StubRegistry): void {
    this.stubs = registry
  }

  /**
   * @internal The first match of `re` in what was kept so far, then in new
   * output; `"exited"` if the process ends without one, `"timeout"` after `ms`.
   */
  matchOutput(re: RegExp, ms: number): Promise<RegExpMatchArray | "timeout" | "exited"> {
    const search = () => re.exec(this.out.stdout.text) ?? re.exec(this.out.stderr.text)
    const now = search()
    if (now) return Promise.resolve(now)
    if (this.status) return Promise.resolve("exited")
    return new Promise((resolve) => {
      const done = (result: RegExpMatchArray | "timeout" | "exited") => {
        clearTimeout(timer)
        this.watchers.delete(watch)
        resolve(result)
      }
      const watch: Watcher = (event) => {
        const match = search()
        if (match) done(match)
        else if (event === "exit") done("exited")
      }
      const timer = setTimeout(() => done("timeout"), ms)
      this.watchers.add(watch)
    })
  }

  private notify(event: "output" | "exit"): void {
    for (const watch of [...this.watchers]) watch(event)
  }

  private applyCrashRule(status: ExitStatus): void {
    if (!this.started || !this.setup.failOnExit) return
    if (!isCrash(status, { terminating: this.terminating, sent: this.sent })) return
    this.setup.owner.fail(crashError(this.name, status, this.stderr, this.endedAfter))
  }
}

function toRegExp(pattern: RegExp | string): RegExp {
  if (pattern instanceof RegExp) return plainRegExp(pattern)
  if (typeof pattern === "string") return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
  throw new UsageError(
    codes.INVALID_ARGUMENT,
    `expected a RegExp or a string to look for in the output, got ${typeof pattern}.`,
  )
}
