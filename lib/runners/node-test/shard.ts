import { ShardError } from "../../errors"
import { parseShard, SHARD_ENV } from "../../shard/spec"

/**
 * node:test shards a run itself: `node --test --test-shard=2/4` runs every fourth test file (Node
 * 20 and later). zmq-harness's own `ZMQ_HARNESS_SHARD=i/n` (which splits Mocha's tests) cannot
 * remove tests from node:test, so rather than run every test on every machine, a run that sets
 * it without `--test-shard` stops with a named error. With `--test-shard` given, node:test's
 * choice stands.
 *
 * @example
 * ```ts
 * refuseHarnessShard() // ShardError when ZMQ_HARNESS_SHARD=2/4 and no --test-shard
 * ```
 */
export function refuseHarnessShard(
  env: NodeJS.ProcessEnv = process.env,
  execArgv: readonly string[] = process.execArgv,
): void {
  const text = env[SHARD_ENV]
  if (text === undefined || text.trim() === "") return
  const shard = parseShard(text, `the environment variable ${SHARD_ENV}`) // malformed: as under Mocha
  if (shard.count === 1) return
  if (execArgv.some((arg) => arg === "--test-shard" || arg.startsWith("--test-shard="))) return
  throw new ShardError(
    `expected node:test's own sharding under node:test, got ${SHARD_ENV}=${env[SHARD_ENV]}, ` +
      "which zmq-harness cannot apply to node:test's tests (every test would run on every " +
      `machine). Run \`node --test --test-shard=${shard.index}/${shard.count}\` instead, with ` +
      `${SHARD_ENV} unset or empty.`,
  )
}
