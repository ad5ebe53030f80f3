/**
 * `zmq-harness/ci`: the functions of CI scripts and tooling. Which shard a test runs in,
 * merging the artifacts of the shards of one run, and the run index (`index.html`) of an
 * artifacts folder. Tests need none of them; the command line (`zmq-harness merge-artifacts`)
 * uses the same functions.
 *
 * @example
 * ```ts
 * import { mergeArtifacts, shardOf, writeIndex } from "zmq-harness/ci"
 *
 * shardOf("PongProc @process answers ping", 4) // 1 to 4, the same on every machine
 * await mergeArtifacts("merged", ["shard-1", "shard-2"])
 * await writeIndex("test-results/zmq")
 * ```
 * @packageDocumentation
 */
export { shardOf } from "./shard/assign"
export type { ShardSpec } from "./shard/spec"
export { mergeArtifacts, type MergeOptions, type MergeResult, type MergeSkip } from "./shard/merge"
export {
  writeIndex,
  readTestMetas,
  type IndexResult,
  type IndexOptions,
} from "./artifacts/index-page"
export type { TestMeta, LaneSummary } from "./artifacts/meta"
export {
  ShardError,
  MergeArtifactsError,
  UsageError,
  ZmqHarnessError,
  codes,
  type ErrorCode,
  type ErrorOptions,
} from "./errors"
