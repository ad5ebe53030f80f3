import { closeDetached } from "../../core/ownership"
import { rebuildIndexes } from "../../artifacts/written"
import { noteTestStart, writeArtifacts } from "./artifacts"
import { nodeTestCloseBound } from "./close-bound"
import {
  endedWithoutHook,
  follow,
  followedOf,
  innermost,
  stillFollowed,
  unfollow,
  type FollowedTest,
} from "./followed-tests"
import type { TestContextLike } from "./test-context"
import { testErrorOf } from "./test-error"

/**
 * The root hooks the adapter gives node:test. node:test copies root hooks into every suite and
 * test made after them, runs root `beforeEach` hooks before the user's and root `afterEach` hooks
 * after the user's, and fails the test itself (not its suite) when an `afterEach` hook throws:
 * - `beforeEach`: the test owns what is made from now on;
 * - `afterEach`: the end-of-test checks (a crash no wait saw, an unawaited assertion, a mock
 *   peer's unmet expectation), the hang report when node:test's timeout ended it, artifacts,
 *   then the close, awaited, so the next test can bind the same port;
 * - `after` (once the file's tests are done): what is left (made at file load or in a `before`
 *   hook; a test whose `afterEach` hooks never came), and the run index of the artifacts.
 */

/** Closes a followed test and gives ownership back to the test it runs in, if any. */
async function close(followed: FollowedTest): Promise<void> {
  unfollow(followed)
  await followed.run.close(nodeTestCloseBound())
  innermost()?.run.enter()
}

async function beforeEach(t: TestContextLike): Promise<void> {
  const followed = follow(t)
  for (const left of endedWithoutHook(followed).reverse()) await close(left)
  noteTestStart(followed)
  followed.run.enter()
}

async function afterEach(t: TestContextLike): Promise<void> {
  const followed = followedOf(t)
  if (!followed) return
  const { error, timedOut } = testErrorOf(t)
  const failure = await followed.run.finish(error, { timedOut })
  await writeArtifacts(followed, failure, timedOut)
  await close(followed)
  // The test's own failure got what the harness saw appended; a passing test fails with ours.
  if (failure && failure !== error) throw failure
}

async function after(): Promise<void> {
  try {
    for (const left of stillFollowed().reverse()) await close(left)
    await closeDetached(nodeTestCloseBound())
  } finally {
    await rebuildIndexes()
  }
}

/**
 * The adapter's hooks, for node:test's root `beforeEach`, `afterEach` and `after`.
 *
 * @example
 * ```ts
 * import { afterEach } from "node:test"
 * afterEach(nodeTestHooks.afterEach)
 * ```
 */
export const nodeTestHooks: NodeTestHooks = { beforeEach, afterEach, after }

/** The type of {@link nodeTestHooks}: a hook for each of node:test's root hooks. */
export interface NodeTestHooks {
  /** The test `t` owns what is made from now on. */
  readonly beforeEach: (t: TestContextLike) => Promise<void>
  /** The end-of-test checks of `t`, then its close. */
  readonly afterEach: (t: TestContextLike) => Promise<void>
  /** Once the file's tests are done: closes what is left and writes the run index. */
  readonly after: () => Promise<void>
}
