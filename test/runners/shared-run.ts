import * as assert from "node:assert/strict"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { ROOT } from "../helpers/child-mocha"
import { freePort, portIsFree } from "../helpers/ports"
import { sharedCases } from "./shared/cases"

/**
 * Child runs of the shared suite (test/runners/shared/) under a runner, and the checks every
 * runner's run must pass: each case's result, nothing left behind, a prompt exit. Each runner's
 * test file parses its runner's output into {@link CaseResult}s; the rest is here.
 */

/** How one case ended in a child run. */
export interface CaseResult {
  passed: boolean
  message?: string
  stack?: string
}

/** A finished child run. */
export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** When it exited (epoch ms). */
  exitedAt: number
  /** The mark on the command line of every process the cases started. */
  mark: string
  /** The fixed port the socket cases bound. */
  port: number
}

/** The tsconfig tsx reads in child runs: no `paths`, so "zmq-harness" is dist/ as for users. */
export const SHARED_TSCONFIG = path.join(ROOT, "test/runners/shared/tsconfig.json")
export const SHARED_DIR = path.join(ROOT, "test/runners/shared")

/**
 * Runs `node <args>` (or `options.node <args>`) in a process group of its own, with the
 * environment the shared cases read (a free fixed port, a mark for their processes). Bounded:
 * past `timeoutMs` the whole group is killed and the promise rejects with what it printed.
 */
export async function runChild(
  args: readonly string[],
  options: {
    timeoutMs: number
    node?: string
    env?: Record<string, string | undefined>
    cwd?: string
    /** Called once with the child when it has started (to interrupt it). */
    started?: (child: import("node:child_process").ChildProcess) => void
  },
): Promise<ChildRun> {
  const port = await freePort()
  const mark = `nt${process.pid}x${port}`
  const child = spawn(options.node ?? process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: SHARED_TSCONFIG,
      ZMQH_SHARED_PORT: String(port),
      ZMQH_SHARED_RUN: mark,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: a run past its bound is killed whole
  })
  let stdout = ""
  let stderr = ""
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
  options.started?.(child)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL")
      } catch {
        // gone already
      }
      reject(
        new Error(
          `child run did not exit within ${options.timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      )
    }, options.timeoutMs)
    child.once("error", reject)
    child.once("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, exitedAt: Date.now(), mark, port })
    })
  })
}

/** The pids of live processes whose command line holds `mark`. */
export function processesWith(mark: string): number[] {
  const found: number[] = []
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8")
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      if (cmdline.includes(mark) && !/\) Z /.test(stat)) found.push(Number(entry))
    } catch {
      // exited meanwhile
    }
  }
  return found
}

/** Asserts that no process of the run is alive and that its fixed port is free. */
export async function assertNothingLeft(run: ChildRun): Promise<void> {
  assert.deepEqual(processesWith(run.mark), [], "processes under test left running")
  assert.ok(await portIsFree(run.port), `port ${run.port} still bound after the run`)
}

/** The line of cases.ts whose wait must be named by the bounded-wait failure. */
function boundedWaitLine(): number {
  const lines = fs.readFileSync(path.join(SHARED_DIR, "cases.ts"), "utf8").split("\n")
  return lines.findIndex((l) => l.includes("shared-case: bounded-wait line")) + 1
}

/**
 * Asserts every case of the shared suite ended as it should: passed, or failed with its
 * message (`fails`); the bounded wait's failure names its line in cases.ts.
 */
export function assertSharedResults(
  results: ReadonlyMap<string, CaseResult>,
  output: string,
): void {
  for (const c of sharedCases) {
    const result = results.get(c.title)
    assert.ok(result, `no result for "${c.title}" in the run:\n${output}`)
    if (!c.fails) {
      assert.ok(result.passed, `"${c.title}" failed: ${result.message}\n${result.stack}`)
      continue
    }
    assert.equal(result.passed, false, `"${c.title}" passed, expected it to fail`)
    assert.match(result.message ?? "", c.fails, `"${c.title}" failed with another message`)
  }
  const bounded = results.get("a bounded wait fails at the test's line")!
  assert.match(bounded.stack ?? "", new RegExp(`cases\\.ts:${boundedWaitLine()}:`))
}

/** A case's result with its name and when the runner reported it (epoch ms). */
export interface Reported extends CaseResult {
  name: string
  at: number
}

/**
 * The top-level tests a run's reporter saw end, by name: the JSON lines of
 * shared/node-test-reporter.mjs, shared/vitest-reporter.mjs or shared/jest-reporter.cjs.
 */
export function resultsOf(run: ChildRun): Map<string, Reported> {
  const results = new Map<string, Reported>()
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue
    const event = JSON.parse(line) as {
      event: string
      name: string
      nesting: number
      at: number
      error?: { message: string; stack: string }
    }
    if ((event.event === "pass" || event.event === "fail") && event.nesting === 0) {
      results.set(event.name, {
        name: event.name,
        at: event.at,
        passed: event.event === "pass",
        ...(event.error && { message: event.error.message, stack: event.error.stack }),
      })
    }
  }
  return results
}

/**
 * The shared suite's checks on a run whose reporter wrote JSON lines ({@link resultsOf}): each
 * case's result, exit code 1 (the cases that must fail did), nothing left, an exit within 5 s
 * of the last test.
 */
export async function checkSharedRun(run: ChildRun): Promise<void> {
  const output = `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
  const results = resultsOf(run)
  assertSharedResults(results, output)
  assert.equal(run.code, 1, `exit code (the cases that must fail did)\n${output}`)
  await assertNothingLeft(run)
  const lastTest = Math.max(...[...results.values()].map((r) => r.at))
  assert.ok(
    run.exitedAt - lastTest < 5000,
    `exit ${run.exitedAt - lastTest} ms after the last test`,
  )
}

const VITEST_BIN = path.join(ROOT, "node_modules/vitest/vitest.mjs")
const JEST_BIN = path.join(ROOT, "node_modules/jest/bin/jest.js")

/**
 * `vitest run` of the shared suite (shared/vitest.shared.config.mjs: setupFiles
 * zmq-harness/vitest) in `pool`, reporting through shared/vitest-reporter.mjs; `extra` are more
 * arguments (other files, options).
 */
export function vitestRun(
  pool: "forks" | "threads",
  options: Omit<Parameters<typeof runChild>[1], "timeoutMs"> & { extra?: string[] } = {},
): Promise<ChildRun> {
  const { extra = [], ...rest } = options
  return runChild(
    [
      VITEST_BIN,
      "run",
      "--config",
      path.join(SHARED_DIR, "vitest.shared.config.mjs"),
      `--pool=${pool}`,
      `--reporter=${path.join(SHARED_DIR, "vitest-reporter.mjs")}`,
      ...extra,
    ],
    { timeoutMs: 90_000, ...rest, env: { NO_COLOR: "1", ...rest.env } },
  )
}

/**
 * `jest` on the shared suite (shared/jest.shared.config.js: setupFilesAfterEnv zmq-harness/jest,
 * injectGlobals false, ts-jest), reporting through shared/jest-reporter.cjs.
 */
export function jestRun(
  options: Omit<Parameters<typeof runChild>[1], "timeoutMs"> & { extra?: string[] } = {},
): Promise<ChildRun> {
  const { extra = [], ...rest } = options
  return runChild(
    [
      JEST_BIN,
      "--config",
      path.join(SHARED_DIR, "jest.shared.config.js"),
      `--reporters=${path.join(SHARED_DIR, "jest-reporter.cjs")}`,
      ...extra,
    ],
    { timeoutMs: 90_000, ...rest, env: { NO_COLOR: "1", ...rest.env } },
  )
}
