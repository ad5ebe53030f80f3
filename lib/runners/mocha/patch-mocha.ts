import type { MochaRunnable } from "./current"
import { aroundRunnable } from "./around-runnable"
import { addRootHooks, noteRunning, registerMocha } from "./registration"
import { sharding, type MochaInstance, type RunnerInstance } from "./shard"
import { noteFailuresOf } from "./track-failures"
import { noteSelection } from "./selection"

/**
 * Every change zmq-harness makes to Mocha, in one place. Mocha gives plugins root hooks and
 * events, but not what the harness needs: who runs now (to own what is made), the end of a
 * test's function before Mocha reports it (to fail that test, not a hook), a Runner's start
 * (to add the root hooks when the plugin was not `--require`d, and to keep one shard). So three
 * `run()` methods are wrapped, each calling a plain handler of this folder first:
 * - `Runnable#run`: {@link aroundRunnable} (owner, end-of-test checks, artifacts) and
 *   {@link noteRunning} (which run the registration check looks at);
 * - `Runner#run`: {@link addRootHooks}, the shard's filter, and {@link noteFailuresOf} (the
 *   failures Mocha reports outside a runnable's callback);
 * - `Mocha#run`: the shard asked for in the instance's options, and {@link noteSelection} (a
 *   line on stderr when the grep is inverted, or was given as a list).
 * Tested on Mocha 10, 11 and 12 (npm run package-check -- mocha: the peer ranges).
 */

/** A Mocha class whose instances `run()`: Mocha itself, Runner, Runnable. */
interface RunPatchable {
  prototype: { run(this: unknown, ...args: unknown[]): unknown }
}

/** The Mocha module as `require("mocha")` gives it (Mocha 12: an ES module namespace). */
export interface MochaModule {
  Runner: RunPatchable
  Runnable: RunPatchable
  default?: RunPatchable
}

// Shared by every copy of the plugin (a prototype is patched once): following runnables, shards.
const FOLLOWED = Symbol.for("zmq-harness.track-runnables")
const SHARDED = Symbol.for("zmq-harness.shard")
const FAILURES = Symbol.for("zmq-harness.track-failures")
const SELECTION = Symbol.for("zmq-harness.selection")
// Local to this copy: two copies each add, and check, their own root hooks.
const REGISTERED = Symbol("zmq-harness.registration")

/** Makes `target`'s `run()` call `before(instance)` first, once per `mark`. */
function beforeRun(target: RunPatchable, mark: symbol, before: (self: any) => void): void {
  const proto = target.prototype as RunPatchable["prototype"] & Record<symbol, boolean>
  if (proto[mark]) return
  const original = proto.run
  proto.run = function (this: unknown, ...args: unknown[]) {
    before(this)
    return original.apply(this, args)
  }
  proto[mark] = true
}

/** Makes `Runnable#run(fn)` hand Mocha the callback {@link aroundRunnable} returns, once. */
function aroundRun(Runnable: RunPatchable): void {
  const proto = Runnable.prototype as RunPatchable["prototype"] & Record<symbol, boolean>
  if (proto[FOLLOWED]) return
  const run = proto.run
  proto.run = function (this: unknown, fn: unknown) {
    return run.call(this, aroundRunnable(this as MochaRunnable, fn as (err?: unknown) => void))
  }
  proto[FOLLOWED] = true
}

/**
 * Patches the Mocha at `mochaPath` (loaded as `mocha`). Idempotent per copy of the plugin.
 * Throws a ShardError when `ZMQ_HARNESS_SHARD` is not `i/n`.
 *
 * @example
 * ```ts
 * patchMocha(require("mocha"), require.resolve("mocha"))
 * ```
 */
export function patchMocha(mocha: MochaModule, mochaPath: string): void {
  const shards = sharding()
  aroundRun(mocha.Runnable)
  registerMocha(mochaPath)
  beforeRun(mocha.Runner, REGISTERED, addRootHooks)
  beforeRun(mocha.Runnable, REGISTERED, noteRunning)
  // Mocha 12's entry is an ES module: required, it is a namespace whose `default` is the class.
  const Mocha = mocha.default ?? (mocha as unknown as RunPatchable)
  beforeRun(Mocha, SHARDED, (instance: MochaInstance) => shards.onMochaRun(instance))
  beforeRun(Mocha, SELECTION, (instance: MochaInstance) => noteSelection(instance, mochaPath))
  beforeRun(mocha.Runner, SHARDED, (runner: RunnerInstance) => shards.onRunnerRun(runner))
  beforeRun(mocha.Runner, FAILURES, noteFailuresOf)
}
