/**
 * Which process of a node:test run this is. `node --test` runs each test file in a process of
 * its own and loads `--require` modules (and, on Node 22, `--import` modules) in its own process
 * too, where no test runs: there the adapter must register nothing (node:test would start a
 * second, empty test tree and print its summary). With `--experimental-test-isolation=none`
 * (Node 22.8+; `--test-isolation=none` on Node 23+) the same process runs every file itself.
 */

const NO_ISOLATION = /^--(experimental-)?test-isolation(=none)?$/

function isolationNone(execArgv: readonly string[]): boolean {
  return execArgv.some(
    (arg, i) => NO_ISOLATION.test(arg) && (arg.endsWith("=none") || execArgv[i + 1] === "none"),
  )
}

/**
 * True when this process runs test files: a file's process under `node --test`, the one process
 * of `--experimental-test-isolation=none`, or `node file.test.js`. False for the process of
 * `node --test` that only starts a process per file.
 *
 * @example
 * ```ts
 * if (runsTestFiles()) installHooks() // not in the orchestrating process
 * ```
 */
export function runsTestFiles(execArgv: readonly string[] = process.execArgv): boolean {
  return !execArgv.includes("--test") || isolationNone(execArgv)
}
