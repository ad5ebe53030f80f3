import { scopeToTellOfFailure, type MochaRunnable } from "./current"

interface MochaRunner {
  on(event: "fail", listener: (runnable: MochaRunnable, err: unknown) => void): unknown
}

/**
 * Called when a Runner starts (patch-mocha.ts): tells the scopes of every runnable that Mocha
 * fails (`Scope.noteFailure`), from the runner's "fail" event. Most failures also reach the
 * runnable's own callback (around-runnable.ts notes them), but not all: a test that calls
 * `done()` a second time with an error, or throws asynchronously after it passed, is failed by
 * the runner alone. A suite whose `before` hook recorded a cassette must learn of those too,
 * or the cassette is written.
 *
 * @example
 * ```ts
 * noteFailuresOf(runner) // before runner.run()
 * ```
 */
export function noteFailuresOf(runner: MochaRunner): void {
  // A skip never comes as "fail": each one is a failure.
  runner.on("fail", (runnable, err) => scopeToTellOfFailure(runnable)?.noteFailure(err))
}
