import { NotRegisteredError } from "../../errors"
import { mochaHooks } from "./hooks"
import { wrapRun, type RunPatchable } from "./wrap-run"

/**
 * Makes sure the root hooks run in every way the plugin can be loaded.
 * Mocha reads `mochaHooks` only from modules it `--require`s; loaded by
 * `--import`, `--node-option import=`, `--file` or a spec's own `import`,
 * the plugin would install the chai plugin but close nothing between tests.
 * So the hooks are added to the root suite when a Mocha Runner starts, unless
 * Mocha already added them; and the first socket or process of a test checks
 * that the Mocha running it is the one patched here, with the hooks.
 */

// Local to this copy of the plugin: two copies each add, and check, their own hooks.
const PATCHED = Symbol("zmq-harness.registration")

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
type Patchable = RunPatchable

/** The Mocha this copy of the plugin patched (its path), once `installPlugin` ran. */
let patchedMocha: string | undefined
/** True once a Runner of the patched Mocha started (it may wait for `run()` under `--delay`). */
let runnerStarted = false
/** The runnable that started last, in the patched Mocha. */
let running: { parent?: Suite } | undefined
/** Root suites known to have the hooks. */
const registered = new WeakSet<Suite>()

/**
 * The folders of every copy of zmq-harness that patched a Mocha in this
 * process, shared between copies: a copy that finds another one registered
 * (tests importing the sources while Mocha loaded the package, e.g. through a
 * `paths` entry that tsx applies at run time) says so instead of asking for
 * the plugin that is already loaded.
 */
const COPIES = Symbol.for("zmq-harness.registered-copies")
const THIS_COPY = __dirname

function otherRegisteredCopies(): string[] {
  const copies = (globalThis as { [COPIES]?: Set<string> })[COPIES]
  return copies ? [...copies].filter((dir) => dir !== THIS_COPY) : []
}

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

function wrap(target: Patchable, before: (self: any) => void): void {
  wrapRun(target, PATCHED, before)
}

/**
 * Patches the Mocha at `mochaPath`: its Runner adds the root hooks to a root
 * suite that lacks them (Mocha adds them itself for `--require`), and its
 * Runnable records which runnable runs now. Idempotent.
 *
 * @example
 * ```ts
 * const mocha = require("mocha")
 * registerHooksOnRun(mocha, require.resolve("mocha"))
 * ```
 */
export function registerHooksOnRun(
  mocha: { Runner: Patchable; Runnable: Patchable },
  mochaPath: string,
): void {
  patchedMocha = mochaPath
  const g = globalThis as { [COPIES]?: Set<string> }
  ;(g[COPIES] ??= new Set()).add(THIS_COPY)
  wrap(mocha.Runner, (runner: { suite?: Suite }) => {
    runnerStarted = true
    const root = runner.suite && rootOf(runner.suite)
    if (!root || hasHooks(root)) return
    root.afterEach(mochaHooks.afterEach)
    root.afterAll(mochaHooks.afterAll)
    registered.add(root)
  })
  wrap(mocha.Runnable, (runnable: { parent?: Suite }) => {
    running = runnable
  })
}

/**
 * True while some Mocha runs tests (of any copy): its BDD globals are set, and
 * its Runner listens for uncaught exceptions while it runs, with
 * `this._uncaught.bind(this)` (an anonymous bound function in Mocha 10 to 12).
 * Before the run starts (spec files loading) there is no such listener yet.
 */
function aMochaRunnerRuns(): boolean {
  const g = globalThis as { it?: unknown; describe?: unknown }
  if (typeof g.it !== "function" || typeof g.describe !== "function") return false
  return process.listeners("uncaughtException").some((l) => /^bound (_uncaught)?$/.test(l.name))
}

const ADD =
  "add `require: zmq-harness/register` to .mocharc.yml (or pass `--require zmq-harness/register`)"

/**
 * Throws {@link NotRegisteredError} when a test runs without the plugin's
 * root hooks: the plugin not loaded at all, loaded into another copy of
 * Mocha than the one running the tests, or a run whose root suite lacks the
 * hooks. Outside Mocha (a script) there is nothing to check. Called by
 * `socket()`, `startProcess()`, `startModule()` and `runProgram()`.
 *
 * @example
 * ```ts
 * requireRegistered() // throws in a Mocha test when zmq-harness/register is not loaded
 * ```
 */
export function requireRegistered(): void {
  if (running) {
    const root = running.parent && rootOf(running.parent)
    if (!root || hasHooks(root)) return
    throw new NotRegisteredError(
      "expected the zmq-harness root hooks in this Mocha run (they close every socket and process " +
        "after each test), got a run without them, so nothing would be closed between tests. " +
        `Load the plugin through Mocha: ${ADD}.`,
    )
  }
  if (runnerStarted || !aMochaRunnerRuns()) return
  const others = otherRegisteredCopies()
  if (!patchedMocha && others.length > 0) {
    throw new NotRegisteredError(
      `expected one copy of zmq-harness in this Mocha run, got two: Mocha loaded the plugin from ` +
        `${others.join(", ")}, while this test uses the copy in ${THIS_COPY}, whose sockets and ` +
        "processes that plugin cannot close. Import zmq-harness by the same path the plugin is " +
        "loaded from (a tsconfig `paths` entry for zmq-harness, which tsx applies at run time, " +
        "leads the tests to its sources), or load the plugin from that copy.",
    )
  }
  if (!patchedMocha) {
    throw new NotRegisteredError(
      "expected zmq-harness/register to be loaded in this Mocha run (it closes every socket and " +
        "process after each test), got a test run without it, so nothing would be closed between " +
        `tests. Load it: ${ADD}.`,
    )
  }
  throw new NotRegisteredError(
    `expected the tests to run in the Mocha that zmq-harness/register patched (${patchedMocha}), ` +
      "got them run by another copy of Mocha, so nothing would be closed between tests. Run the " +
      "project's own Mocha (npx mocha) and keep one copy in the tree (npm ls mocha; npm dedupe).",
  )
}
