import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { childMochaArgs, ROOT } from "../helpers/child-mocha"

const FIXTURES = path.join(ROOT, "test/fixtures/mocha-runs")

/** One test of a child Mocha run, from its json reporter. */
export interface ChildTest {
  fullTitle: string
  err: { message?: string; code?: string; stack?: string }
}

/** What a child Mocha run did. */
export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** Wall time of the whole run, in ms. */
  duration: number
  stdout: string
  stderr: string
  passes: ChildTest[]
  failures: ChildTest[]
}

/**
 * Runs Mocha on fixture suites in a child process, with the plugin required and its own
 * arguments (no config file), and waits for it to exit by itself (no `--exit`). Bounded: a
 * run that outlives `timeout` is killed and reported as such.
 */
export function runFixture(
  files: string[],
  options: { parallel?: boolean; env?: Record<string, string>; timeout?: number } = {},
): Promise<ChildRun> {
  const report = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-run-")),
    "report.json",
  )
  const args = childMochaArgs(
    files.map((f) => path.join(FIXTURES, f)),
    [
      "--no-package",
      "--timeout",
      "10000",
      "--reporter",
      "json",
      "--reporter-option",
      `output=${report}`,
      ...(options.parallel ? ["--parallel", "--jobs", "2"] : []),
    ],
  )
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d: Buffer) => (stdout += d))
  child.stderr.on("data", (d: Buffer) => (stderr += d))
  const limit = options.timeout ?? 30000
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(
        new Error(
          `child Mocha did not exit within ${limit} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      )
    }, limit)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const duration = performance.now() - started
      let parsed: { passes: ChildTest[]; failures: ChildTest[] } = { passes: [], failures: [] }
      try {
        parsed = JSON.parse(fs.readFileSync(report, "utf8"))
      } catch {
        // No report: the run failed before the reporter wrote it; stdout/stderr tell why.
      }
      fs.rmSync(path.dirname(report), { recursive: true, force: true })
      resolve({
        code,
        signal,
        duration,
        stdout,
        stderr,
        passes: parsed.passes,
        failures: parsed.failures,
      })
    })
  })
}
