import { endSuite } from "../../core/test-run"
import { Scope } from "../../core/scope"
import { detachedScope, setOwner } from "../../core/ownership"
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
 * The core (lib/core/ownership.ts) keeps the owner; this module tells it.
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

const testScopes = new WeakMap<object, Scope>()
const suiteScopes = new WeakMap<object, Scope>()

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
  return detachedScope()
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
  const detached = detachedScope()
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
      // A process of the suite crashed after its last test, its sockets' unread messages: failing
      // this hook (the suite's last) reports it without stopping anything else.
      const problem = await endSuite(made, closeBound(hookTimeoutOf(this)))
      if (problem) throw problem
    })
    scope = made
  }
  return scope
}

/**
 * Called when Mocha starts a runnable: tells the core who owns what is made until the next
 * runnable starts. The scope itself is made lazily, on first use, so tests that make nothing
 * cost nothing.
 */
export function enterRunnable(runnable: MochaRunnable): void {
  if (runnable.type === "test") {
    setOwner(() => scopeOfTest(runnable))
  } else if (isEachHook(runnable) && runnable.ctx?.currentTest) {
    const test = runnable.ctx.currentTest
    setOwner(() => scopeOfTest(test))
  } else if (runnable.parent) {
    const suite = runnable.parent
    setOwner(() => scopeOfSuite(suite))
  } else {
    setOwner(undefined)
  }
}
