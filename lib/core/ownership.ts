import { AsyncLocalStorage } from "node:async_hooks"
import { Scope, type CloseBound } from "./scope"

/**
 * Which scope owns a resource made now (a socket, a process, a link, an unawaited assertion).
 * Two sources, in this order:
 * 1. the scope of the async context: {@link runInScope} (an `explore()` run; a runner adapter
 *    that runs tests concurrently and can wrap each test's function) — it follows the awaits of
 *    that function and nothing else, so concurrent tests each own what they make;
 * 2. the owner a runner adapter set for the runnable that runs now ({@link setOwner}): runners
 *    that run one test at a time per process (Mocha, node:test by default, Vitest and Jest within
 *    a file) tell the core when a test or hook starts, and a scope is made on first use;
 * 3. else the detached scope: code at file load, a script, a `before` hook of a runner whose
 *    suites the adapter does not follow. It is closed by {@link closeDetached}, which each
 *    adapter calls when its run (or file) ends.
 * Nothing here knows a runner: the adapters in lib/runners/ drive it.
 */

/** What owns resources made now: a scope, or a maker of the scope on first use (a test that makes nothing costs nothing). */
export type Owner = Scope | (() => Scope) | undefined

const contextScope = new AsyncLocalStorage<Scope>()
let owner: Owner
let detached = new Scope("root", "(outside any test)")

/**
 * Sets the owner of what is made from now on, until the next call: the runner adapter calls it
 * when a test or hook starts (and with `undefined` when it ends, so that what comes after goes to
 * the detached scope).
 *
 * @example
 * ```ts
 * setOwner(() => scopeOfTest(test)) // made lazily, on first use
 * ```
 */
export function setOwner(next: Owner): void {
  owner = next
}

/**
 * The scope that owns what is made now.
 *
 * @example
 * ```ts
 * const scope = currentScope()
 * scope.add(resource)
 * ```
 */
export function currentScope(): Scope {
  const inContext = contextScope.getStore()
  // A run whose body outlived its bound: its scope is closing, what it makes now is the test's.
  if (inContext !== undefined && !inContext.ending) return inContext
  if (typeof owner === "function") owner = owner()
  return owner ?? detached
}

/**
 * Runs `fn` with `scope` as the owner of what it makes (sockets, processes, links, the
 * assertions it leaves unawaited), through the async context of `fn`: an explore() run's
 * resources belong to the run, closed before the next run starts; a concurrent test's belong
 * to that test. Ownership ends when `fn` settles or `scope` starts closing.
 *
 * @example
 * ```ts
 * const scope = new Scope("test", `${title} (run 3)`, currentScope())
 * await runInScope(scope, () => body(run))
 * await scope.close()
 * ```
 */
export function runInScope<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
  return contextScope.run(scope, fn)
}

/**
 * The scope of what is made outside any test: its crashes fail the tests that follow while
 * {@link Scope.crashable}, and it encloses every suite scope.
 *
 * @example
 * ```ts
 * const enclosing = suiteScope ?? detachedScope()
 * ```
 */
export function detachedScope(): Scope {
  return detached
}

/**
 * Closes what was made outside any runnable, and starts a fresh detached scope. Throws a crash
 * of one of its processes that no test was told of. Called by the adapters when a run (or, with
 * a process per file, a file) ends.
 *
 * @example
 * ```ts
 * after(() => closeDetached(closeBound(2000)))
 * ```
 */
export async function closeDetached(bound?: CloseBound): Promise<void> {
  const scope = detached
  detached = new Scope("root", "(outside any test)")
  if (typeof owner !== "function" && owner === scope) owner = undefined
  await scope.close(bound)
  const lost = scope.takeUnseenFailure(true)
  if (lost) throw lost
}
