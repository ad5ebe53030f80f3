import { inShard } from "./assign"
import type { ShardSpec } from "./spec"

/**
 * The parts of a Mocha suite the filter reads and changes.
 *
 * @example
 * ```ts
 * const suite: ShardableSuite = runner.suite // a Mocha root suite fits
 * ```
 */
export interface ShardableSuite {
  tests: { fullTitle(): string }[]
  suites: ShardableSuite[]
}

/**
 * Removes from the suite tree every test that another shard runs, and returns
 * how many tests it kept and removed. Removed, not marked pending: a test then
 * appears in the report of exactly one shard (as passed, failed or pending,
 * as it would without sharding), so the reports of all shards add up to one
 * full run, and a suite left with no test is skipped by Mocha with its
 * `before`/`after` hooks (a costly `before` runs only on shards that need it).
 *
 * @example
 * ```ts
 * keepShard(runner.suite, { index: 2, count: 4 }) // { kept: 25, removed: 75 }
 * ```
 */
export function keepShard(
  root: ShardableSuite,
  shard: ShardSpec,
): { kept: number; removed: number } {
  let kept = 0
  let removed = 0
  const walk = (suite: ShardableSuite): void => {
    const before = suite.tests.length
    suite.tests = suite.tests.filter((test) => inShard(test.fullTitle(), shard))
    kept += suite.tests.length
    removed += before - suite.tests.length
    for (const child of suite.suites) walk(child)
  }
  walk(root)
  return { kept, removed }
}
