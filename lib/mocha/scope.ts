import createDebug from "debug"
import type { CallSite } from "../util/call-site"

const debug = createDebug("zmq-harness:scope")

/**
 * Something a test owns that must be released when its scope ends: a test
 * socket, a process under test, a stub.
 */
export interface Resource {
  /** `"socket"`, `"process"`, `"stub"`… Used to group lines in reports. */
  readonly kind: string
  /** Releases it. Must settle by itself within a bound, and never throw for an expected state. */
  close(): Promise<void>
  /** One line for hang reports and timeout errors: what it is and what it is doing. */
  describe(): string
}

/** An assertion promise, noted so that one nobody awaited can fail the test. */
export interface UnawaitedRecord {
  awaited: boolean
  /** Where the assertion was made, to point the failure at it. */
  site: CallSite
  describe(): string
}

/** Something a test ended with that it should not have (unread messages…). */
export interface EndOfTestCheck {
  /** Returns a description of the problem, or undefined when all is well. */
  (): Promise<string | undefined> | string | undefined
}

/**
 * The resources of one test (or one suite, for `before` hooks, or the whole
 * file): closed together, in reverse order of creation, when the scope ends.
 * A scope can also be failed — a process under test crashed — which makes
 * every wait guarded by it fail at once.
 */
export class Scope {
  private readonly resources: Resource[] = []
  private readonly failureListeners = new Set<(err: Error) => void>()
  private failure: Error | undefined
  private closing: Promise<void> | undefined
  /** Promises of assertions not yet awaited; checked when the test ends. */
  readonly assertions = new Set<UnawaitedRecord>()
  /** Checks run when the test function ends (unread messages…). */
  readonly endChecks = new Set<EndOfTestCheck>()

  constructor(
    /** `"test"`, `"suite"` or `"root"`. */
    readonly kind: "test" | "suite" | "root",
    /** The test's or suite's full title, for messages. */
    readonly title: string,
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

  /** Forgets a resource that was released by the test itself. */
  remove(resource: Resource): void {
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

  /** True once {@link fail} was called. */
  get failed(): Error | undefined {
    return this.failure
  }

  /**
   * Fails every wait guarded by this scope, now and later: used when a
   * process under test dies unexpectedly (the crash rule).
   */
  fail(err: Error): void {
    if (this.failure) return
    this.failure = err
    for (const listener of [...this.failureListeners]) listener(err)
    this.failureListeners.clear()
  }

  /**
   * Resolves or rejects as `promise` does, or rejects at once when the scope
   * fails first. `promise` must settle by itself (every wait is bounded):
   * it is not cancelled, so whoever made it must still handle its outcome.
   */
  guard<T>(promise: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    // Only processes can fail a scope; without one, the wait needs no wrapper.
    if (!this.crashable) return promise
    return new Promise<T>((resolve, reject) => {
      const onFail = (err: Error) => reject(err)
      this.failureListeners.add(onFail)
      promise.then(
        (value) => {
          this.failureListeners.delete(onFail)
          resolve(value)
        },
        (err) => {
          this.failureListeners.delete(onFail)
          reject(err)
        },
      )
    })
  }

  /** Set by resources that can fail the scope (processes), so guards are needed. */
  crashable = false

  /** Closes every resource, newest first. Never throws; problems are returned as text. */
  close(): Promise<void> {
    this.closing ??= this.closeAll()
    return this.closing
  }

  private async closeAll(): Promise<void> {
    while (this.resources.length > 0) {
      const resource = this.resources.pop()!
      try {
        await resource.close()
      } catch (err) {
        debug("closing %s failed: %O", resource.describe(), err)
      }
    }
    this.failureListeners.clear()
    // Mocha keeps every test object (and so its scope) until the run ends: drop what refers to
    // the closed resources, or every socket of the run stays in memory.
    this.endChecks.clear()
    this.assertions.clear()
  }
}
