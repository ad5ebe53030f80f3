/** The test runners zmq-harness has an adapter for. */
export type RunnerName = "mocha" | "node:test" | "vitest" | "jest"

/**
 * True while some Mocha runs tests: its BDD globals are set, and its runner listens for
 * uncaught exceptions while it runs, with `this._uncaught.bind(this)` (an anonymous bound
 * function in Mocha 10 to 12). Before the run starts (spec files loading) there is no such
 * listener yet.
 */
function mochaRuns(): boolean {
  const g = globalThis as { it?: unknown; describe?: unknown }
  if (typeof g.it !== "function" || typeof g.describe !== "function") return false
  return process.listeners("uncaughtException").some((l) => /^bound (_uncaught)?$/.test(l.name))
}

/** node:test loaded in this process: its harness module is among Node's loaded built-ins. */
function nodeTestLoaded(): boolean {
  if (process.env.NODE_TEST_CONTEXT) return true // a file run by `node --test`
  const loaded = (process as { moduleLoadList?: string[] }).moduleLoadList
  return loaded?.some((m) => m.includes("internal/test_runner/harness")) ?? false
}

/**
 * A Vitest worker (forks or threads) runs here: Vitest keeps its worker's state on the global
 * object. Not the `VITEST` variables, which every process a test starts inherits: a script
 * started by a test is no Vitest run.
 */
function vitestRuns(): boolean {
  return (globalThis as { __vitest_worker__?: unknown }).__vitest_worker__ !== undefined
}

/**
 * A Jest test file runs here: Jest sets `JEST_WORKER_ID` (inherited by every process a test
 * starts, so not enough alone) and its runner, jest-circus, keeps its event handlers on the
 * test file's global object.
 */
function jestRuns(): boolean {
  if (process.env.JEST_WORKER_ID === undefined) return false
  return (globalThis as Record<symbol, unknown>)[Symbol.for("EVENT_HANDLERS")] !== undefined
}

/**
 * The test runner that runs this process's tests, told by what each one leaves in the
 * process (Vitest's worker state and Jest's event handlers on the global object; `node --test`
 * sets a variable for its files; Mocha listens for uncaught exceptions while it runs). Undefined
 * for a script, also one started by a test.
 *
 * @example
 * ```ts
 * detectRunner() // "vitest" inside a Vitest worker
 * ```
 */
export function detectRunner(): RunnerName | undefined {
  if (vitestRuns()) return "vitest"
  if (jestRuns()) return "jest"
  if (mochaRuns()) return "mocha"
  if (nodeTestLoaded()) return "node:test"
  return undefined
}
