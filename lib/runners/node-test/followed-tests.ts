import { TestRun } from "../../core/test-run"
import { detachedScope } from "../../core/ownership"
import { fileOf, fullNameOf, type TestContextLike } from "./test-context"

/**
 * The tests of this process that have started and not yet been closed, oldest first. node:test
 * runs one test at a time per file unless told otherwise (`{ concurrency }`), but a test may
 * run subtests (`t.test()`) while it runs: those nest, and the innermost owns what is made.
 */

/** A test the adapter follows: its core {@link TestRun} and what its artifacts need. */
export interface FollowedTest {
  readonly t: TestContextLike
  readonly run: TestRun
  readonly fullName: string
  /** `performance.now()` at its first `beforeEach` hook. */
  readonly started: number
  /** The followed test it runs in (`t.test()`), if any. */
  readonly parent: FollowedTest | undefined
}

const running: FollowedTest[] = []
const byContext = new WeakMap<object, FollowedTest>()

function isAncestor(maybe: FollowedTest, of: FollowedTest): boolean {
  for (let p = of.parent; p; p = p.parent) if (p === maybe) return true
  return false
}

/**
 * Starts following the test of `t`: a subtest of a running test is enclosed in that test's
 * scope (the parent's crashes fail its waits too); any other test in the detached scope, whose
 * processes (made at file load or in a `before` hook) concern every test of the file.
 *
 * @example
 * ```ts
 * const followed = follow(t) // in the root beforeEach hook
 * followed.run.enter()
 * ```
 */
export function follow(t: TestContextLike): FollowedTest {
  const fullName = fullNameOf(t)
  const parent = [...running].reverse().find((f) => fullName.startsWith(f.fullName + " > "))
  const file = fileOf(t)
  const run = new TestRun(
    { title: t.name, fullTitle: () => fullName, ...(file !== undefined && { file }) },
    parent ? parent.run.scope : detachedScope(),
  )
  const followed: FollowedTest = { t, run, fullName, started: performance.now(), parent }
  running.push(followed)
  byContext.set(t, followed)
  return followed
}

/** The followed test whose context is `t`, while it runs. */
export function followedOf(t: object): FollowedTest | undefined {
  return byContext.get(t)
}

/** Stops following a test (it is being closed). */
export function unfollow(followed: FollowedTest): void {
  const i = running.indexOf(followed)
  if (i >= 0) running.splice(i, 1)
  byContext.delete(followed.t)
}

/** The test that owns what is made now, when tests nest: the newest one. */
export function innermost(): FollowedTest | undefined {
  return running.at(-1)
}

/**
 * Tests that node:test has ended but whose `afterEach` hooks never reached the adapter's (a
 * user's `afterEach` hook threw first, or the test called `t.skip()` as it ran, which skips the
 * `afterEach` hooks): they are closed when the next test starts, or when the file ends.
 */
export function endedWithoutHook(except?: FollowedTest): FollowedTest[] {
  return running.filter(
    (f) => f !== except && f.t.signal.aborted && !(except && isAncestor(f, except)),
  )
}

/**
 * The titles of the tests that run at the same time in this process without one running inside
 * the other (`{ concurrency }` on a suite or test): undefined while the running tests nest, so
 * that who made a socket is known.
 */
export function concurrentTests(): string[] | undefined {
  const live = running.filter((f) => !f.t.signal.aborted)
  for (let i = 1; i < live.length; i++) {
    if (!isAncestor(live[i - 1], live[i])) return live.map((f) => f.fullName)
  }
  return undefined
}

/** Every test still followed (the file is ending). */
export function stillFollowed(): FollowedTest[] {
  return [...running]
}
