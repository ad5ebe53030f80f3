import { createHash } from "node:crypto"
import type { ShardSpec } from "./spec"

/**
 * The shard (1-based) that runs the test with this full title, out of
 * `count`. It depends on the title alone, so it does not change when tests are
 * reordered, added, removed or moved to another file: a CI matrix keeps each
 * test on its machine. The split is even on average, not exactly (a hash, not
 * a count): with a few tests, one shard may get more than its share.
 *
 * @example
 * ```ts
 * import { shardOf } from "zmq-harness"
 * shardOf("PongProc @process answers ping", 4) // the same number, 1 to 4, on every run
 * ```
 */
export function shardOf(fullTitle: string, count: number): number {
  if (count <= 1) return 1
  // SHA-1 of the UTF-8 title: the same in every Node.js, spread evenly by any n.
  const digest = createHash("sha1").update(fullTitle, "utf8").digest()
  return (digest.readUInt32BE(0) % count) + 1
}

/**
 * True when `shard` runs the test with this full title.
 *
 * @example
 * ```ts
 * inShard("PongProc @process answers ping", { index: 1, count: 1 }) // true: one shard runs all
 * ```
 */
export function inShard(fullTitle: string, shard: ShardSpec): boolean {
  return shardOf(fullTitle, shard.count) === shard.index
}
