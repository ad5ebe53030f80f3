import { NotRegisteredError } from "../errors"
import { detectRunner, type RunnerName } from "./detect-runner"

/**
 * Whether a runner adapter is in charge of closing what tests make. Every start (`socket()`,
 * `startProcess()`, `peer()`, `faultyLink()`, `topology()`…) calls {@link requireRegistered}
 * first: a test that runs under a runner whose adapter is not loaded would leak everything it
 * makes into the next test (a port still bound, a process still running), so it fails at once
 * with the line to add. Outside any runner (a script) there is nothing to check.
 */

/** An adapter (lib/runners/…) as the core knows it. */
export interface RunnerAdapter {
  /** The runner it serves, for messages. */
  runner: RunnerName
  /**
   * Throws a {@link NotRegisteredError} when the test that runs now is not one the adapter
   * follows (another copy of the runner runs it, a run without the adapter's hooks).
   */
  check(): void
}

let adapter: RunnerAdapter | undefined

/**
 * The folders of every copy of zmq-harness whose adapter was registered in this process,
 * shared between copies: a copy that finds another one registered (tests importing the sources
 * while the runner loaded the package, e.g. through a `paths` entry that tsx applies at run
 * time) says so instead of asking for the adapter that is already loaded.
 */
const COPIES = Symbol.for("zmq-harness.registered-copies")
const THIS_COPY = __dirname.replace(/[/\\]core$/, "")

function copies(): Set<string> {
  const g = globalThis as { [COPIES]?: Set<string> }
  return (g[COPIES] ??= new Set())
}

/**
 * Called once by a runner adapter when it is loaded: from now on it answers for the tests.
 *
 * @example
 * ```ts
 * registerRunner({ runner: "node:test", check: () => undefined })
 * ```
 */
export function registerRunner(next: RunnerAdapter): void {
  adapter = next
  copies().add(THIS_COPY)
}

/** The runner whose adapter is registered, if any. */
export function registeredRunner(): RunnerName | undefined {
  return adapter?.runner
}

/** Each runner's name as its users write it. */
const RUNNER_NAMES: Record<RunnerName, string> = {
  mocha: "Mocha",
  "node:test": "node:test",
  vitest: "Vitest",
  jest: "Jest",
}

/** The entry point of each runner's adapter, under `zmq-harness/`. */
const ENTRY: Record<RunnerName, string> = {
  mocha: "register",
  "node:test": "node-test",
  vitest: "vitest",
  jest: "jest",
}

/** The line that loads the adapter of each runner, as the user writes it. */
export const ADAPTER_LINES: Record<RunnerName, string> = {
  mocha:
    "add `require: zmq-harness/register` to .mocharc.yml (or pass `--require zmq-harness/register`)",
  "node:test":
    "run the tests with `node --test --import zmq-harness/node-test` (or import " +
    '"zmq-harness/node-test" first in each test file)',
  vitest: 'add `setupFiles: ["zmq-harness/vitest"]` to the `test` section of vitest.config',
  jest: 'add `setupFilesAfterEnv: ["zmq-harness/jest"]` to the Jest config',
}

/**
 * Throws {@link NotRegisteredError} when a test runs under a runner whose zmq-harness adapter
 * is not loaded (or the registered adapter says this test is not one it follows), naming the
 * line to add for the runner detected. Outside any runner (a script) it returns.
 *
 * @example
 * ```ts
 * requireRegistered() // first line of socket(), startProcess(), peer()…
 * ```
 */
export function requireRegistered(): void {
  if (adapter) return adapter.check()
  const runner = detectRunner()
  if (!runner) return
  const shown = RUNNER_NAMES[runner]
  const adapterWord = runner === "mocha" ? "plugin" : "adapter"
  const others = [...copies()].filter((dir) => dir !== THIS_COPY)
  if (others.length > 0) {
    throw new NotRegisteredError(
      `expected one copy of zmq-harness in this ${shown} run, got two: ${shown} loaded the ` +
        `${adapterWord} from ${others.join(", ")}, while this test uses the copy in ${THIS_COPY}, ` +
        `whose sockets and processes that ${adapterWord} cannot close. Import zmq-harness by the ` +
        "same path it is loaded from (a tsconfig `paths` entry for zmq-harness, which tsx " +
        `applies at run time, leads the tests to its sources), or load the ${adapterWord} from ` +
        "that copy.",
    )
  }
  const name = runner === "mocha" ? "zmq-harness/register" : `zmq-harness/${ENTRY[runner]}`
  throw new NotRegisteredError(
    `expected ${name} to be loaded in this ${shown} run (it closes every socket and process ` +
      "after each test), got a test run without it, so nothing would be closed between tests. " +
      `Load it: ${ADAPTER_LINES[runner]}.`,
  )
}
