import createDebug from "debug"
import { keepShard, type ShardableSuite } from "../../shard/filter"
import { parseShard, SHARD_ENV, SHARD_OPTION, type ShardSpec } from "../../shard/spec"

const debug = createDebug("zmq-harness:shard")

/**
 * How the plugin runs one shard of the tests. Mocha has no sharding of its
 * own, so the plugin removes the other shards' tests from the suite tree when
 * the run begins: after `.only` and `--delay`, before the reporter's `start`,
 * any hook or any test (see `keepShard` for why removed, not pending).
 *
 * The shard comes from `ZMQ_HARNESS_SHARD=i/n` (read when the plugin loads, so
 * a bad value fails at once), else from the `.mocharc` key `zmq-harness-shard`
 * (or `--zmq-harness-shard=i/n`), which Mocha passes, as it does every key it
 * does not know, into the options of each Mocha instance, the `--parallel`
 * workers' included; it is read when the instance's run starts. The variable
 * wins over the option: CI sets it per machine over the project's rc file.
 */

export interface MochaInstance {
  options?: Record<string, unknown>
  suite?: ShardableSuite
}
export interface RunnerInstance {
  suite: ShardableSuite & { parent?: unknown; root?: boolean }
  total: number
  grepTotal?(suite: unknown): number
  prependListener(event: "start", listener: () => void): unknown
}

/** The shard each root suite's Mocha instance asked for in its options. */
const optionShards = new WeakMap<object, ShardSpec>()

function rootOf(suite: { parent?: unknown; root?: boolean }): object {
  let s = suite
  while (s.parent && !s.root) s = s.parent as typeof s
  return s
}

/**
 * The shard the environment asks for, checked now; undefined when the variable is unset or empty.
 *
 * @example
 * ```ts
 * shardFromEnv({ ZMQ_HARNESS_SHARD: "2/4" }) // { index: 2, count: 4 }
 * ```
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): ShardSpec | undefined {
  const text = env[SHARD_ENV]
  if (text === undefined || text.trim() === "") return undefined
  return parseShard(text, `the environment variable ${SHARD_ENV}`)
}

/**
 * The shard a Mocha instance's options ask for (`zmq-harness-shard`, or its
 * camel-cased twin that Mocha adds); undefined when absent.
 *
 * @example
 * ```ts
 * shardFromOptions({ "zmq-harness-shard": "1/3" }) // { index: 1, count: 3 }
 * ```
 */
export function shardFromOptions(options: Record<string, unknown> = {}): ShardSpec | undefined {
  const value = options[SHARD_OPTION] ?? options.zmqHarnessShard
  if (value === undefined || value === "") return undefined
  return parseShard(value, `the Mocha option ${SHARD_OPTION} (.mocharc or --${SHARD_OPTION}=)`)
}

/**
 * The sharding of a Mocha run, as handlers that lib/runners/mocha/patch-mocha.ts calls when a
 * Mocha instance's run and a Runner's run start. Throws {@link ShardError} when
 * `ZMQ_HARNESS_SHARD` is not `i/n`.
 *
 * @example
 * ```ts
 * const sharding = sharding()
 * sharding.onMochaRun(mochaInstance)
 * sharding.onRunnerRun(runner)
 * ```
 */
export function sharding(): {
  onMochaRun(instance: MochaInstance): void
  onRunnerRun(runner: RunnerInstance): void
} {
  const fromEnv = shardFromEnv()
  return {
    onMochaRun(instance) {
      // Checked even when the variable wins: a bad rc value is still a mistake to report.
      const fromOptions = shardFromOptions(instance.options)
      if (fromOptions && instance.suite) optionShards.set(instance.suite, fromOptions)
    },
    onRunnerRun(runner) {
      const root = rootOf(runner.suite)
      const shard = fromEnv ?? optionShards.get(root)
      if (!shard || shard.count === 1) return
      runner.prependListener("start", () => {
        const { kept, removed } = keepShard(runner.suite, shard)
        runner.total = runner.grepTotal ? runner.grepTotal(runner.suite) : kept
        debug("shard %d/%d: kept %d tests, removed %d", shard.index, shard.count, kept, removed)
      })
    },
  }
}
