import * as path from "node:path"
import { UsageError } from "../../errors"

/** A test as Vitest's hooks give it (`context.task`): the parts the adapter reads. */
export interface VitestTask {
  name: string
  concurrent?: boolean
  suite?: VitestTask
  file?: { filepath?: string }
  result?: { state?: string; duration?: number; errors?: VitestReportedError[] }
}

/** An error as Vitest keeps it once caught: a copy with its message and stack, not the Error. */
export interface VitestReportedError {
  message: string
  stack?: string
  name?: string
}

/** The parts of the `vitest` module the adapter uses: its hooks and its own chai. */
export interface VitestApi {
  beforeEach(fn: (context: { task: VitestTask }) => unknown): void
  afterEach(fn: (context: { task: VitestTask }) => unknown, timeout?: number): void
  afterAll(fn: () => unknown, timeout?: number): void
  chai: { use(plugin: unknown): unknown }
}

/**
 * The `vitest` module that runs this test file, loaded from the project (Vitest 4). Vitest is
 * an ES module that refuses `require("vitest")`; Node ≥ 20.19 loads its ES build through
 * `require` by path, and gives the same module instance Vitest's own import made (one module
 * per URL), so the hooks registered here land on the file being collected. The hooks are taken
 * from the module, not from globals: `globals: false` (Vitest's default) works.
 */
export function loadVitest(): VitestApi {
  let dir: string
  try {
    dir = path.dirname(
      require.resolve("vitest/package.json", { paths: [process.cwd(), __dirname] }),
    )
  } catch (err) {
    throw new UsageError(
      `expected vitest to be installed for zmq-harness/vitest, got no vitest from ${process.cwd()}. ` +
        "Install it (npm i -D vitest) or load the adapter of the runner you use.",
      { cause: err },
    )
  }
  return require(path.join(dir, "dist/index.js")) as VitestApi
}
