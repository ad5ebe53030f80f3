import { scopeToTellOfFailure, type MochaRunnable } from "./current"
import { wrapRun, type RunPatchable } from "./wrap-run"

// Shared by every copy of the plugin: one listener per runner is enough.
const PATCHED = Symbol.for("zmq-harness.track-failures")

interface MochaRunner {
  on(event: "fail", listener: (runnable: MochaRunnable, err: unknown) => void): unknown
}

/**
 * Tells the scopes of every runnable that Mocha fails (`Scope.noteFailure`), from the
 * runner's "fail" event. Most failures also reach the runnable's own callback (where
 * track-runnables.ts notes them), but not all: a test that calls `done()` a second time with
 * an error, or throws asynchronously after it passed, is failed by the runner alone. A suite
 * whose `before` hook recorded a cassette must learn of those too, or the cassette is
 * written. Idempotent.
 *
 * @example
 * ```ts
 * trackFailures(require("mocha").Runner)
 * ```
 */
export function trackFailures(Runner: RunPatchable): void {
  wrapRun(Runner, PATCHED, (runner: MochaRunner) => {
    // A skip never comes as "fail": each one is a failure.
    runner.on("fail", (runnable, err) => scopeToTellOfFailure(runnable)?.noteFailure(err))
  })
}
