import { checkEndOfSuite } from "../../core/end-of-test"
import { Scope, type CloseBound } from "../../core/scope"
import { closeBound, hookTimeoutOf } from "../../core/close-bound"

/**
 * Which scope a new resource belongs to. Mocha runs one runnable (hook or
 * test) at a time per process, so the runnable that started last owns what is
 * made now:
 * - a test, or a `beforeEach` / `afterEach` hook: the scope of that test,
 *   closed by the root `afterEach` hook (after the user's own `afterEach`
 *   hooks, which may still use the sockets);
 * - a `before` / `after` hook: the scope of the hook's suite, closed by an
 *   `after` hook appended to that suite when the scope is made, so it runs
 *   after the user's own `after` hooks;
 * - nothing running (code at file load, or no Mocha at all): the detached
 *   scope, closed by the root `after` hook of the plugin.
 */

/** The parts of Mocha's Runnable, Test, Hook and Suite that are read here. */
export interface MochaRunnable {
  type?: string
  title: string
  originalTitle?: string
  parent?: MochaSuite
  ctx?: { currentTest?: MochaRunnable }
  fullTitle(): string
  /** True for a skipped runnable (`this.skip()`), or one of a skipped suite. */
  isPending?(): boolean
}
export interface MochaSuite {
  root?: boolean
  parent?: MochaSuite
  fullTitle(): string
  afterAll(title: string, fn: (this: unknown) => Promise<void>): unknown
}

let owner: Scope | (() => Scope) | undefined
/** A scope entered with {@link runInScope} (an explore() run): it owns what is made inside. */
let inner: Scope | undefined
const testScopes = new WeakMap<object, Scope>()
const suiteScopes = new WeakMap<object, Scope>()
let detached = new Scope("root", "(outside any test)")

function isEachHook(runnable: MochaRunnable): boolean {
  const title = runnable.originalTitle ?? runnable.title
  return title.startsWith('"before each"') || title.startsWith('"after each"')
}

/**
 * The scope that encloses what runs in `suite`: the scope of the nearest
 * suite, from `suite` outwards, whose hooks made one, else the detached root
 * scope. Its failures (a process started in a `before` hook crashed) fail the
 * waits of the inner scope too. Every `before` hook of the chain has run by
 * the time an inner scope is made, so the chain is complete then.
 */
function enclosingScope(suite: MochaSuite | undefined): Scope {
  for (let s = suite; s; s = s.parent) {
    const scope = suiteScopes.get(s)
    if (scope) return scope
  }
  return detached
}

/** The scope of a test, made on first use. */
export function scopeOfTest(test: MochaRunnable): Scope {
  let scope = testScopes.get(test)
  if (!scope) {
    scope = new Scope("test", test.fullTitle(), enclosingScope(test.parent))
    testScopes.set(test, scope)
  }
  return scope
}

/** The scope of a test if it has one (no scope: it made nothing). */
export function existingScopeOfTest(test: MochaRunnable): Scope | undefined {
  return testScopes.get(test)
}

/**
 * The scope whose failures concern a test: its own, or (if it made
 * nothing) the scope that encloses it, through which a crash of a process
 * started in a `before` hook reaches it. Undefined when neither exists.
 */
export function concernedScopeOfTest(test: MochaRunnable): Scope | undefined {
  const own = testScopes.get(test)
  if (own) return own
  const enclosing = enclosingScope(test.parent)
  return enclosing === detached && !detached.crashable ? undefined : enclosing
}

/**
 * The scope to tell that `runnable` failed ({@link Scope.noteFailure}): its test's scope (for a
 * test or a `beforeEach`/`afterEach` hook), else the scope that encloses it, whose suites then
 * know that something under them failed. Undefined for a runnable outside any suite.
 */
export function scopeToTellOfFailure(runnable: MochaRunnable): Scope | undefined {
  const test =
    runnable.type === "test"
      ? runnable
      : isEachHook(runnable)
        ? runnable.ctx?.currentTest
        : undefined
  if (test) return testScopes.get(test) ?? enclosingScope(test.parent)
  return runnable.parent ? enclosingScope(runnable.parent) : undefined
}

function scopeOfSuite(suite: MochaSuite): Scope {
  let scope = suiteScopes.get(suite)
  if (!scope) {
    const made = new Scope(
      suite.root ? "root" : "suite",
      suite.fullTitle() || "(root suite)",
      enclosingScope(suite.parent),
    )
    suiteScopes.set(suite, made)
    suite.afterAll("zmq-harness: close what the suite's hooks made", async function () {
      suiteScopes.delete(suite)
      const unread = await checkEndOfSuite(made) // socket: unread messages of the suite's sockets
      await made.close(closeBound(hookTimeoutOf(this)))
      // A process of the suite crashed after its last test: failing this hook (the suite's
      // last) reports it without stopping anything else.
      const lost = made.takeUnseenFailure(true)
      if (lost) throw lost
      if (unread) throw unread
    })
    scope = made
  }
  return scope
}

/**
 * Called when Mocha starts a runnable: remembers who owns what is made until
 * the next runnable starts. The scope itself is made lazily, on first use,
 * so tests that make nothing cost nothing.
 */
export function enterRunnable(runnable: MochaRunnable): void {
  inner = undefined
  if (runnable.type === "test") {
    owner = () => scopeOfTest(runnable)
  } else if (isEachHook(runnable) && runnable.ctx?.currentTest) {
    const test = runnable.ctx.currentTest
    owner = () => scopeOfTest(test)
  } else if (runnable.parent) {
    const suite = runnable.parent
    owner = () => scopeOfSuite(suite)
  } else {
    owner = undefined
  }
}

/** The scope that owns what is made now. */
export function currentScope(): Scope {
  if (inner !== undefined && !inner.ending) return inner
  if (typeof owner === "function") owner = owner()
  return owner ?? detached
}

/**
 * Runs `fn` with `scope` as the owner of what it makes (sockets, processes, links, the
 * assertions it leaves unawaited): an explore() run's resources belong to the run, closed
 * before the next run starts. Ownership goes back when `fn` settles, when `scope` starts
 * closing (a run whose body outlived its bound), or when Mocha starts the next runnable.
 *
 * @example
 * ```ts
 * const scope = new Scope("test", `${test.title} (run 3)`, currentScope())
 * await runInScope(scope, () => body(run))
 * await scope.close()
 * ```
 */
export async function runInScope<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
  const outer = inner
  inner = scope
  try {
    return await fn()
  } finally {
    if (inner === scope) inner = outer
  }
}

/**
 * Closes what was made outside any runnable, and starts a fresh detached
 * scope. Throws a crash of one of its processes that no test was told of.
 */
export async function closeDetached(bound?: CloseBound): Promise<void> {
  const scope = detached
  detached = new Scope("root", "(outside any test)")
  await scope.close(bound)
  const lost = scope.takeUnseenFailure(true)
  if (lost) throw lost
}
