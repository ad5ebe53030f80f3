import { currentScope } from "../core/ownership"
import type { Resource, Scope } from "../core/scope"
import { StubError } from "../errors"
import { CallSite } from "../util/call-site"
import {
  badTimeoutError,
  endedError,
  loadNote,
  notConstructedError,
  type WaitFacts,
} from "./errors"
import { stubLabel } from "./spec"

/**
 * One call of a stub (constructor or method).
 *
 * @example
 * ```ts
 * a.stub("./b", "B").calls()
 * // [{ method: "new", args: [41234], at: 12, instance: 1 },
 * //  { method: "start", args: [], at: 12, instance: 1 }]
 * ```
 */
export interface StubCall {
  /** `"new"` for a construction (or a factory call), else the method name. */
  method: string
  /** The arguments; from a child process, as they came through JSON. */
  args: unknown[]
  /** ms since the stub was installed. */
  at: number
  /** Which construction the call belongs to (1 for the first instance). */
  instance: number
}

/**
 * The test's handle on one stub, from `proc.stub(module, export)` or
 * `stubConstructor(moduleObject, export)`.
 *
 * @example
 * ```ts
 * const [port] = await a.stub("./b", "B").constructed({ timeout: 2000 })
 * expect(a.stub("./b", "B").calls().map((c) => c.method)).to.include("start")
 * ```
 */
export interface StubHandle {
  /**
   * Resolves with the arguments of the next construction not yet taken
   * (constructions that happened before the call are queued). Bounded by
   * `timeout` (default 5000 ms); fails at once when the process crashes.
   */
  constructed(options?: { timeout?: number }): Promise<unknown[]>
  /** Every call so far, oldest first. */
  calls(): StubCall[]
}

/** Default bound of {@link StubHandle.constructed}, like `waitForOutput`. */
export const DEFAULT_CONSTRUCTED_TIMEOUT = 5000

interface Waiter {
  resolve(args: unknown[]): void
  /** Fails the wait with the error `make` builds from the facts of the wait's own test. */
  reject(make: (facts: WaitFacts) => Error): void
}

/**
 * Keeps what one stub saw and serves constructed() waits: the handle behind
 * both `proc.stub()` and `stubConstructor()`.
 */
export class StubRecorder implements StubHandle {
  private readonly log: StubCall[] = []
  private readonly queue: unknown[][] = []
  private readonly waiters = new Set<Waiter>()
  private failure: Error | undefined
  private ended: string | undefined
  private loadedAt: number | undefined

  /** How messages name it: `stub B of "./b"`. */
  readonly label: string
  private readonly owner: () => string

  constructor(
    readonly module: string,
    readonly exportName: string,
    options: {
      /** Describes who constructs it, for messages (the process and its output). */
      owner: () => string
      label?: string
      /** False in the test's own process, where no module is loaded. */
      tracksLoading?: boolean
    },
  ) {
    this.owner = options.owner
    this.label = options.label ?? stubLabel(module, exportName)
    this.tracksLoading = options.tracksLoading ?? true
  }

  private readonly tracksLoading: boolean

  /** The module holding the stub was loaded. */
  loaded(at: number): void {
    this.loadedAt ??= at
  }

  record(call: StubCall): void {
    this.loaded(call.at)
    this.log.push(call)
    if (call.method !== "new") return
    const [waiter] = this.waiters
    if (waiter) {
      this.waiters.delete(waiter)
      waiter.resolve(call.args)
    } else {
      this.queue.push(call.args)
    }
  }

  /** The stub cannot work (reported by the child): every wait fails with `err`. */
  fail(message: string): void {
    this.failure ??= new StubError(message)
    for (const waiter of this.waiters) waiter.reject(() => new StubError(message))
    this.waiters.clear()
  }

  /** No construction can come any more (`reason`: "the process exited with code 1"…). */
  end(reason: string): void {
    if (this.ended) return
    this.ended = reason
    for (const waiter of this.waiters) waiter.reject((facts) => endedError(facts, reason))
    this.waiters.clear()
  }

  private facts(scope: Scope): WaitFacts {
    return {
      label: this.label,
      module: this.module,
      exportName: this.exportName,
      loadedAt: this.tracksLoading ? this.loadedAt : -1,
      constructions: this.log.filter((c) => c.method === "new").length,
      owner: this.owner(),
      processes: scope.describe("process"),
    }
  }

  constructed(options: { timeout?: number } = {}): Promise<unknown[]> {
    const site = new CallSite(this.constructed)
    const timeout = options.timeout === undefined ? DEFAULT_CONSTRUCTED_TIMEOUT : options.timeout
    const bad = badTimeoutError(timeout)
    if (bad) return Promise.reject(site.apply(bad))
    const next = this.queue.shift()
    if (next) return Promise.resolve(next)
    if (this.failure) return Promise.reject(site.apply(new StubError(this.failure.message)))
    const scope = currentScope()
    if (this.ended) return Promise.reject(site.apply(endedError(this.facts(scope), this.ended)))
    const wait = new Promise<unknown[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(site.apply(notConstructedError(this.facts(scope), timeout)))
      }, timeout)
      const waiter: Waiter = {
        resolve: (args) => {
          clearTimeout(timer)
          resolve(args)
        },
        reject: (make) => {
          clearTimeout(timer)
          reject(site.apply(make(this.facts(scope))))
        },
      }
      this.waiters.add(waiter)
    })
    // While it waits, a hang report (Mocha's own timeout firing first) names it.
    const since = Date.now()
    const pending: Resource = {
      kind: "stub",
      close: async () => undefined,
      describe: () =>
        `${this.label}: constructed() waiting for ${Date.now() - since} ms of ${timeout} ms ` +
        `(${loadNote(this.facts(scope))})`,
    }
    scope.add(pending)
    // A crash of the process fails the wait at once (the crash rule); the
    // wait itself still settles by its timer or the process's end.
    wait.then(
      () => scope.remove(pending),
      () => scope.remove(pending),
    )
    return scope.guard(wait)
  }

  calls(): StubCall[] {
    return this.log.map((call) => ({ ...call, args: [...call.args] }))
  }

  /** Gives up every wait (the test is over). */
  close(reason: string): void {
    this.end(reason)
  }

  /** One line for reports. */
  describe(): string {
    const n = this.log.filter((c) => c.method === "new").length
    return `${this.label}: constructed ${n} time(s), ${this.log.length - n} method call(s)`
  }
}
