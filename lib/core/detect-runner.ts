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
 * The test runner that runs this process's tests, told by what each one leaves in the
 * environment (Vitest's and Jest's workers set a variable; `node --test` sets one for its
 * files; Mocha listens for uncaught exceptions while it runs). Undefined for a script.
 *
 * @example
 * ```ts
 * detectRunner() // "vitest" inside a Vitest worker
 * ```
 */
export function detectRunner(): RunnerName | undefined {
  if (process.env.VITEST === "true" || process.env.VITEST_WORKER_ID) return "vitest"
  if (process.env.JEST_WORKER_ID !== undefined) return "jest"
  if (mochaRuns()) return "mocha"
  if (nodeTestLoaded()) return "node:test"
  return undefined
}
