import type { ChildProcess } from "node:child_process"
import type { CloseBound, Resource, Scope } from "../core/scope"
import { CallSite } from "../util/call-site"
import { CapturedOutput } from "./captured-output"
import { crashError, isCrash } from "./crash"
import { describeProcess } from "./describe"
import type { ExitStatus } from "./errors"
import { watchExit } from "./exit-watch"
import { defaults, type StopStrategy } from "./options"
import { SignalsSent } from "./signals"
import { describeExit } from "./errors"
import { describeStrategy, stopProcess, type StopOutcome } from "./stop"
import { stubOf } from "../stubs/access"
import type { StubHandle, StubRegistry } from "../stubs/index"
import { trace } from "./trace"
import { waitForOutput } from "./wait-for-output"
import { ProcessEvents } from "./record"
import type { ResourceRecord } from "../timeline/record"
import { markFailedWait } from "../timeline/failed-wait"
import { TimeoutError } from "../errors"
import { inHost, type Placement } from "./placement"

/** What {@link ProcessHandle} is made with. @internal */
export interface HandleSetup {
  /** The command line, for messages. */
  display: string
  stop: StopStrategy
  grace: number
  failOnExit: boolean
  /** The scope that owns the process. */
  owner: Scope
  /** Where the test started it: the stack of a crash that fails the test points there. */
  site: CallSite
  /** The topology host it runs in, if any: named in every message, its lane grouped under it. */
  placement?: Placement
}

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

  /** @internal Its stdout and stderr, and the waits on them. */
  readonly output: CapturedOutput
  private readonly signals = new SignalsSent()
  private readonly startedAt = performance.now()
  private status: ExitStatus | undefined
  private endedAfter = 0
  private started = false
  private stopping: Promise<ExitStatus> | undefined
  private stopOutcome: Promise<StopOutcome> | undefined
  private stubs: StubRegistry | undefined
  private readonly events = new ProcessEvents()

  /** @internal Use {@link startProcess} or {@link startModule}. */
  constructor(
    /** The Node child process object, for what the harness does not wrap (stdin, IPC `send`). */
    readonly child: ChildProcess,
    private readonly setup: HandleSetup,
  ) {
    this.pid = child.pid!
    this.output = new CapturedOutput(child, defaults.outputLimit)
    this.events.note("spawn", setup.display, this.startedAt)
    this.exited = watchExit(child, (status) => {
      this.status = status
      this.endedAfter = Math.round(performance.now() - this.startedAt)
      this.output.ended()
      this.events.note(
        "exit",
        `${describeExit(status)}${isCrash(status, this.signals) ? " (crash)" : ""}`,
      )
      trace("%s exited: %s after %d ms", this.name, describeExit(status), this.endedAfter)
      this.applyCrashRule(status)
    })
  }

  /** e.g. `process "node pong.js --port 5678" (pid 1234)`, used in every message. */
  get name(): string {
    return `process "${this.setup.display}" (pid ${this.pid})${inHost(this.setup.placement)}`
  }

  /** Everything the process wrote to stdout so far (its newest 1 MiB). */
  get stdout(): string {
    return this.output.stdout.text
  }

  /** Everything the process wrote to stderr so far (its newest 1 MiB). */
  get stderr(): string {
    return this.output.stderr.text
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
  waitForOutput(
    pattern: RegExp | string,
    options: { timeout?: number } = {},
  ): Promise<RegExpMatchArray> {
    const site = new CallSite(this.waitForOutput)
    const ms = options.timeout ?? defaults.waitForOutputTimeout
    return waitForOutput(this, pattern, ms, site).catch((err: unknown) => {
      if (err instanceof TimeoutError)
        markFailedWait(err, this.name, `waitForOutput(${String(pattern)})`, ms)
      throw err
    })
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
    return this.startStop(undefined)
  }

  /** Starts the stop sequence once (within `bound` if the close starts it); every later call shares it. */
  private startStop(bound: CloseBound | undefined): Promise<ExitStatus> {
    if (!this.stopping) {
      this.events.note("stop", `stop: ${describeStrategy(this.setup.stop)}`)
      this.stopOutcome = stopProcess(this, this.setup.stop, this.setup.grace, bound)
      this.stopping = this.stopOutcome.then((outcome) => {
        if (outcome.failure) throw outcome.failure
        return outcome.status
      })
      // The close reads the outcome; a failure reaches whoever awaits stop(), not the event loop.
      this.stopping.catch(() => undefined)
    }
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
    trace("%s: sending %s", this.name, signal)
    this.events.note("signal", signal)
    return this.signals.send(this.pid, signal)
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
    if (this.kill("SIGSTOP")) this.signals.paused = true
  }

  /** Lets a paused process go on (SIGCONT). See {@link ProcessHandle.pause}. */
  resume(): void {
    this.signals.paused = false
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
    return stubOf(this.stubs, this.name, module, exportName)
  }

  /** One line (and the tail of its output) for hang reports and timeout errors. */
  describe(): string {
    return describeProcess({
      name: this.name,
      status: this.status,
      lifetime: this.lifetime,
      paused: this.signals.paused,
      stdout: this.stdout,
      stderr: this.stderr,
    })
  }

  /**
   * Stops the process (the end of the test does it for you), within `bound`
   * when given. Never throws: a failed stop strategy, and a process that had
   * to be killed because it ignored its stop, are printed on stderr.
   */
  async close(bound?: CloseBound): Promise<void> {
    this.setup.owner.remove(this)
    // Printed only when nobody called stop() (who did got the rejection or the status).
    const unseen = this.stopping === undefined
    this.startStop(bound).catch(() => undefined)
    const outcome = await this.stopOutcome!
    if (unseen && outcome.failure) process.stderr.write(`  ${outcome.failure.message}\n`)
    else if (unseen && outcome.killedAfter !== undefined) this.reportSlowStop(outcome, bound)
    this.stubs?.close()
  }

  /** The line that says the test's end had to kill the process (a slow stop never fails a hook). */
  private reportSlowStop(outcome: StopOutcome, bound: CloseBound | undefined): void {
    const asked = describeStrategy(this.setup.stop)
    const ignored = asked.startsWith("SIG") ? `ignored ${asked}` : `did not end on ${asked}`
    const cut =
      outcome.graceCutTo !== undefined
        ? ` (its grace of ${this.setup.grace} ms was cut to ${outcome.graceCutTo} ms to end within ${bound?.reason})`
        : ""
    process.stderr.write(
      `  zmq-harness: ${this.name} ${ignored} for ${outcome.killedAfter} ms and was killed with SIGKILL ` +
        `when "${this.setup.owner.title}" ended${cut}. Make it end on ${asked}, or choose another \`stop\` or \`grace\`.\n`,
    )
  }

  /** `await using proc = await startProcess(…)` stops it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close()
  }

  /**
   * @internal Its lane in the test's artifacts: spawn, ready, signals, stop and exit, and its
   * stdout and stderr as kept (the newest `outputLimit` characters, a front cut marked).
   */
  record(): ResourceRecord {
    const lane = this.events.record(this.name, this.pid, {
      stdout: this.output.stdout.shown,
      stderr: this.output.stderr.shown,
    })
    const host = this.setup.placement?.host
    return host === undefined ? lane : { ...lane, host }
  }

  /** @internal The last `lines` lines of stdout and of stderr, for messages. */
  outputSoFar(lines = 20): string {
    return this.output.soFar(lines)
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
    this.signals.terminating = true
  }

  /** @internal Whether it is SIGSTOPped. */
  get isPaused(): boolean {
    return this.signals.paused
  }

  /** @internal Advice for an exit, from the host it runs in (a bind to an address it does not have). */
  exitHint(): string | undefined {
    return this.setup.placement?.hint?.(this.stderr)
  }

  /** @internal The start completed: from now on an unexpected exit fails the test's waits. */
  markStarted(): void {
    this.started = true
    this.events.note("ready", `started after ${this.lifetime} ms`)
    // Started without `ready`, it may have crashed already (a module with a syntax error).
    if (this.status) this.applyCrashRule(this.status)
  }

  /** @internal */
  attachStubs(registry: StubRegistry): void {
    this.stubs = registry
  }

  private applyCrashRule(status: ExitStatus): void {
    if (!this.started || !this.setup.failOnExit) return
    if (!isCrash(status, this.signals)) return
    const hint = this.setup.placement?.hint?.(this.stderr)
    const err = crashError(this.name, status, this.stderr, this.endedAfter, hint)
    this.setup.owner.fail(this.setup.site.apply(err))
  }
}
