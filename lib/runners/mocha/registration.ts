import { NotRegisteredError } from "../../errors"
import { ADAPTER_LINES, registerRunner } from "../../core/registration"
import { detectRunner } from "../../core/detect-runner"
import { mochaHooks } from "./hooks"

/**
 * Makes sure the root hooks run in every way the plugin can be loaded, and answers the core's
 * "is this test followed?" for Mocha.
 * Mocha reads `mochaHooks` only from modules it `--require`s; loaded by
 * `--import`, `--node-option import=`, `--file` or a spec's own `import`,
 * the plugin would install the chai plugin but close nothing between tests.
 * So the hooks are added to the root suite when a Mocha Runner starts, unless
 * Mocha already added them; and the first socket or process of a test checks
 * (through the core's `requireRegistered`) that the Mocha running it is the one patched here,
 * with the hooks.
 */

interface Hook {
  fn?: unknown
}
interface Suite {
  root?: boolean
  parent?: Suite
  _afterEach?: Hook[]
  afterEach(fn: (...args: any[]) => unknown): unknown
  afterAll(fn: (...args: any[]) => unknown): unknown
}

/** The Mocha this copy of the plugin patched (its path), once `installPlugin` ran. */
let patchedMocha: string | undefined
/** True once a Runner of the patched Mocha started (it may wait for `run()` under `--delay`). */
let runnerStarted = false
/** The runnable that started last, in the patched Mocha. */
let running: { parent?: Suite } | undefined
/** Root suites known to have the hooks. */
const registered = new WeakSet<Suite>()

function rootOf(suite: Suite): Suite {
  let s = suite
  while (s.parent && !s.root) s = s.parent
  return s
}

/** True when the suite has the plugin's hooks, or when this Mocha keeps its hooks out of sight. */
function hasHooks(root: Suite): boolean {
  if (registered.has(root)) return true
  const hooks = root._afterEach
  const found = !Array.isArray(hooks) || hooks.some((hook) => hook.fn === mochaHooks.afterEach)
  if (found) registered.add(root)
  return found
}

/**
 * This copy of the plugin answers for the tests of the Mocha at `mochaPath` (the core's
 * `requireRegistered` asks {@link checkMochaRun}). Idempotent.
 *
 * @example
 * ```ts
 * registerMocha(require.resolve("mocha"))
 * ```
 */
export function registerMocha(mochaPath: string): void {
  patchedMocha = mochaPath
  registerRunner({ runner: "mocha", check: checkMochaRun })
}

/**
 * When a Runner of the patched Mocha starts: adds the root hooks to a root suite that lacks them
 * (Mocha adds them itself for `--require`).
 */
export function addRootHooks(runner: { suite?: Suite }): void {
  runnerStarted = true
  const root = runner.suite && rootOf(runner.suite)
  if (!root || hasHooks(root)) return
  root.afterEach(mochaHooks.afterEach)
  root.afterAll(mochaHooks.afterAll)
  registered.add(root)
}

/** When a runnable of the patched Mocha starts: the one whose run the check looks at. */
export function noteRunning(runnable: { parent?: Suite }): void {
  running = runnable
}

const ADD = ADAPTER_LINES.mocha

/**
 * The Mocha adapter's answer to the core's `requireRegistered` once the plugin is loaded:
 * throws {@link NotRegisteredError} when a test runs without the plugin's root hooks (a run
 * whose root suite lacks them), or in another copy of Mocha than the one patched here.
 * Outside a run (a script, spec files loading) there is nothing to check.
 */
function checkMochaRun(): void {
  if (running) {
    const root = running.parent && rootOf(running.parent)
    if (!root || hasHooks(root)) return
    throw new NotRegisteredError(
      "expected the zmq-harness root hooks in this Mocha run (they close every socket and process " +
        "after each test), got a run without them, so nothing would be closed between tests. " +
        `Load the plugin through Mocha: ${ADD}.`,
    )
  }
  if (runnerStarted || detectRunner() !== "mocha") return
  throw new NotRegisteredError(
    `expected the tests to run in the Mocha that zmq-harness/register patched (${patchedMocha}), ` +
      "got them run by another copy of Mocha, so nothing would be closed between tests. Run the " +
      "project's own Mocha (npx mocha) and keep one copy in the tree (npm ls mocha; npm dedupe).",
  )
}
