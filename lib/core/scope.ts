import createDebug from "debug"
import type { CallSite } from "../util/call-site"
import type { ResourceRecord } from "../timeline/record"
import { settings } from "../settings"

const debug = createDebug("zmq-harness:scope")

/**
 * How long the teardown of a scope may take: it runs in a Mocha hook, and a
 * hook that times out stops the run, so the close has a bound of its own
 * below the hook's timeout (lib/core/close-bound.ts).
 */
export interface CloseBound {
  /** `performance.now()` by which every resource must be released. */
  deadline: number
  /** Why, for messages: `Mocha's hook timeout of 2000 ms`. */
  reason: string
}

/**
 * Something a test owns that must be released when its scope ends: a test
 * socket, a process under test, a stub.
 */
export interface Resource {
  /** `"socket"`, `"process"`, `"stub"`… Used to group lines in reports. */
  readonly kind: string
  /**
   * Releases it. Must settle by itself within a bound (within `bound` when
   * given: a process is then killed early enough), and never throw for an
   * expected state.
   */
  close(bound?: CloseBound): Promise<void>
  /**
   * One line for hang reports and timeout errors: what it is and what it is doing.
   * @internal (stripped from the shipped types with the classes' own `describe`)
   */
  describe(): string
  /**
   * Its lane in the test's artifacts (transcript.jsonl, report.html): see
   * lib/timeline/record.ts. Optional: a stub has no conversation to show.
   */
  record?(): ResourceRecord
}

/** An assertion promise, noted so that one nobody awaited can fail the test. */
export interface UnawaitedRecord {
  awaited: boolean
  /** The assertion as the failure names it: `"receive"` (default) or `"exit"`. */
  kind?: string
  /** Where the assertion was made, to point the failure at it. */
  site: CallSite
  describe(): string
}

/**
 * Failures (crashes) that reached the test: a guarded wait rejected with
 * them, or a test already failed with them. A crash in neither set when the
 * test ends was reported nowhere, so it fails the test itself.
 */
const seen = new WeakSet<Error>()

/** Something a test ended with that it should not have (unread messages…). */
export interface EndOfTestCheck {
  /**
   * Returns a description of the problem, or undefined when all is well; an Error (a mock
   * peer's unmet expectations) fails the test, or the suite's closing hook, with it.
   */
  // cassette: `testError`, what the test failed with (a cassette is not written then).
  (testError?: unknown): Promise<string | Error | undefined> | string | Error | undefined
}

/**
 * The resources of one test (or one suite, for `before` hooks, or the whole
 * file): closed together, in reverse order of creation, when the scope ends.
 * A scope can also be failed — a process under test crashed — which makes
 * every wait guarded by it fail at once.
 *
 * Scopes form a chain: a test's scope has its suite's scope as parent, that
 * one the scope of the enclosing suite, up to the root. A wait guarded by a
 * scope also fails when an ancestor fails: a server started in a `before`
 * hook that crashes while a test waits on it fails that wait at once.
 */
export class Scope {
  private readonly resources: Resource[] = []
  // An array, not a Set: a Set hashes each fresh listener, on every wait (see InFlight).
  private readonly failureListeners: ((err: Error) => void)[] = []
  private failure: Error | undefined
  private closing: Promise<void> | undefined
  /** Promises of assertions not yet awaited; checked when the test ends. */
  readonly assertions = new Set<UnawaitedRecord>()
  /** Checks run when the test function ends (unread messages…). */
  readonly endChecks = new Set<EndOfTestCheck>()
  /**
   * For a suite's scope: run when each test under it ends (a suite socket takes in what arrived
   * during that test and was not read, so that a later test reading it is told where it came from).
   */
  readonly betweenTests = new Set<() => Promise<void>>()

  private ownCrashable = false

  /**
   * Problems a resource of this scope saw that the test may not have (a request no
   * expectation matched, a missing cassette, a target that did not answer, a process that
   * exited non-zero): when the test fails for any reason, its failure message ends with them
   * ("zmq-harness also saw: …"), so that a user's own assertion does not hide the cause.
   */
  private readonly notices: string[] = []

  /**
   * Notes a problem for the failure message of the test, should it fail: see {@link takeNotices}.
   *
   * @example
   * ```ts
   * currentScope().notice(`replay "kernel-info": no recorded request matched ["pinj",2]`)
   * ```
   */
  notice(problem: string): void {
    if (!this.notices.includes(problem)) this.notices.push(problem)
  }

  /**
   * The problems noted on this scope and its ancestors since they were last taken, oldest
   * scope first; each is given once (a suite's notice goes to the first test that fails).
   */
  takeNotices(): string[] {
    const inherited = this.parent?.takeNotices() ?? []
    return [...inherited, ...this.notices.splice(0)]
  }

  constructor(
    /** `"test"`, `"suite"` or `"root"`. */
    readonly kind: "test" | "suite" | "root",
    /** The test's or suite's full title, for messages. */
    readonly title: string,
    /** The enclosing scope (a test's suite, a suite's parent suite, the root), whose failures are ours too. */
    readonly parent?: Scope,
  ) {}

  /** Registers a resource; it is closed when the scope ends. */
  add<R extends Resource>(resource: R): R {
    if (this.closing) {
      debug("resource added to a closing scope (%s); it is closed at once", this.title)
      void resource.close().catch(() => undefined)
    }
    this.resources.push(resource)
    return resource
  }

  /**
   * Resources released before the scope ended (closed by the test, a process that never got
   * ready) that have a record: kept, while artifacts are on, for the test's artifacts (issue 14).
   */
  readonly released: Resource[] = []

  /** Forgets a resource that was released by the test itself. */
  remove(resource: Resource): void {
    const index = this.resources.lastIndexOf(resource)
    if (index >= 0) this.resources.splice(index, 1)
    if (index >= 0 && resource.record && settings.artifacts) this.released.push(resource)
  }

  /**
   * Forgets a resource that another resource now owns and closes (a mock peer's socket, a
   * replay's peer): it has no lane of its own in the test's artifacts, its owner's lane shows it.
   *
   * @example
   * ```ts
   * scope.handOver(sock) // the mock peer made on `sock` lists and closes it
   * ```
   */
  handOver(resource: Resource): void {
    const index = this.resources.lastIndexOf(resource)
    if (index >= 0) this.resources.splice(index, 1)
  }

  /** The live resources, oldest first. */
  list(kind?: string): readonly Resource[] {
    return kind ? this.resources.filter((r) => r.kind === kind) : [...this.resources]
  }

  /** Lines describing every resource, for a hang report. */
  describe(kind?: string): string[] {
    return this.list(kind).map((r) => r.describe())
  }

  /**
   * The failure (a crash) of this scope or an ancestor that no wait of the
   * test was failed with and no test was charged with yet; it is charged now.
   * Crashes of suite scopes are charged to the first test that ends after
   * them (or, at the end of the suite, to its closing hook).
   *
   * @param own only this scope's failure, not its ancestors'.
   */
  takeUnseenFailure(own = false): Error | undefined {
    const failure = this.failure
    if (failure && !seen.has(failure)) {
      seen.add(failure)
      return failure
    }
    return own ? undefined : this.parent?.takeUnseenFailure()
  }

  /** Notes that the test was told of `err` (a wait failed with it, or the test did). */
  static noteSeen(err: unknown): void {
    if (err instanceof Error) seen.add(err)
  }

  /**
   * The test asserted the exit that failed this scope (`expect(proc).to.exit(…)` after the
   * crash): the failure is charged to nobody, and waits made from now on no longer fail with
   * it. Waits it already failed stay failed; a later crash fails the scope again.
   *
   * @example
   * ```ts
   * if (crash) owner.withdraw(crash) // the test expected this exit after all
   * ```
   */
  withdraw(err: Error): void {
    seen.add(err)
    if (this.failure === err) this.failure = undefined
  }

  /** The first failure of a test or hook under this scope: see {@link noteFailure}. */
  private failedUnder: unknown

  /**
   * Notes that a test or hook run under this scope failed with `err` (its assertion, a hook that
   * threw, an end-of-test check): this scope and every ancestor learn of it, so that a suite's
   * end checks know whether anything under the suite failed. A cassette recorded in a `before`
   * hook is not written then: a failed test may have cut its conversation short.
   *
   * @example
   * ```ts
   * scopeOf(test).noteFailure(err) // the suites around the test see it in failureUnder
   * ```
   */
  noteFailure(err: unknown): void {
    const failure = err ?? new Error("a test or hook failed")
    this.failedUnder ??= failure
    this.parent?.noteFailure(failure)
  }

  /** The first failure noted by {@link noteFailure} on this scope or a scope under it; undefined while none. */
  get failureUnder(): unknown {
    return this.failedUnder
  }

  /** The error of {@link fail}, on this scope or an ancestor; undefined while none failed. */
  get failed(): Error | undefined {
    return this.failure ?? this.parent?.failed
  }

  /**
   * Fails every wait guarded by this scope, now and later: used when a
   * process under test dies unexpectedly (the crash rule).
   */
  fail(err: Error): void {
    if (this.failure) return
    this.failure = err
    // A pending wait (guarded or watched) rejects with it: the test was told.
    if (this.failureListeners.length > 0) seen.add(err)
    const listeners = this.failureListeners.splice(0)
    for (const listener of listeners) listener(err)
  }

  /**
   * Resolves or rejects as `promise` does, or rejects at once when the scope
   * or one of its ancestors fails first. `promise` must settle by itself
   * (every wait is bounded): it is not cancelled, so whoever made it must
   * still handle its outcome.
   */
  guard<T>(promise: Promise<T>): Promise<T> {
    const failed = this.failed
    if (failed) {
      seen.add(failed)
      return Promise.reject(failed)
    }
    // Only processes can fail a scope; without one in the chain, the wait needs no wrapper.
    if (!this.crashable) return promise
    return new Promise<T>((resolve, reject) => {
      // Listen to every scope of the chain that can fail: this one and its ancestors.
      const chain: Scope[] = this.ownCrashable ? [this] : []
      for (let scope = this.parent; scope; scope = scope.parent) {
        if (scope.ownCrashable) chain.push(scope)
      }
      const onFail = (err: Error) => {
        forget()
        seen.add(err)
        reject(err)
      }
      const forget = () => {
        for (const scope of chain) scope.forget(onFail)
      }
      for (const scope of chain) scope.failureListeners.push(onFail)
      promise.then(
        (value) => {
          forget()
          resolve(value)
        },
        (err) => {
          forget()
          reject(err)
        },
      )
    })
  }

  /** Removes one listener (the newest is usually last: waits end in reverse order). */
  private forget(listener: (err: Error) => void): void {
    const i = this.failureListeners.lastIndexOf(listener)
    if (i >= 0) this.failureListeners.splice(i, 1)
  }

  /**
   * Calls `listener` once when this scope or an ancestor fails, from now until
   * {@link unwatch}: unlike {@link guard}, this also covers a process started
   * later (a socket's receive started before `startProcess()`), at the price of
   * a listener per wait. Call {@link failed} first: a scope that has failed
   * already calls no listener.
   */
  watch(listener: (err: Error) => void): void {
    this.failureListeners.push(listener)
    for (let scope = this.parent; scope; scope = scope.parent) scope.failureListeners.push(listener)
  }

  /** Forgets a listener of {@link watch}. */
  unwatch(listener: (err: Error) => void): void {
    this.forget(listener)
    for (let scope = this.parent; scope; scope = scope.parent) scope.forget(listener)
  }

  /**
   * True when a resource of this scope or of an ancestor can fail it (a
   * process), so waits need guarding. Set by such resources on their own scope.
   */
  get crashable(): boolean {
    return this.ownCrashable || (this.parent?.crashable ?? false)
  }

  set crashable(value: boolean) {
    this.ownCrashable = value
  }

  /** True once {@link close} was called: what is made for this scope now is closed at once. */
  get ending(): boolean {
    return this.closing !== undefined
  }

  /**
   * Closes every resource, newest first, within `bound` when given. Never
   * throws; problems are logged (`DEBUG=zmq-harness:scope`).
   */
  close(bound?: CloseBound): Promise<void> {
    this.closing ??= this.closeAll(bound)
    return this.closing
  }

  private async closeAll(bound: CloseBound | undefined): Promise<void> {
    while (this.resources.length > 0) {
      const resource = this.resources.pop()!
      try {
        await resource.close(bound)
      } catch (err) {
        debug("closing %s failed: %O", resource.describe(), err)
      }
    }
    this.failureListeners.length = 0
    this.released.length = 0
    // Mocha keeps every test object (and so its scope) until the run ends: drop what refers to
    // the closed resources, or every socket of the run stays in memory.
    this.endChecks.clear()
    this.betweenTests.clear()
    this.assertions.clear()
  }
}
