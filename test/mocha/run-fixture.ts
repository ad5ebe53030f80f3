import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { childMochaArgs, ROOT, runToExit, takeReportFile } from "../helpers/child-mocha"

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
export async function runFixture(
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
  let text = ""
  const run = await runToExit(args, {
    env: options.env ?? {},
    timeoutMs: options.timeout ?? 30000,
  }).finally(() => (text = takeReportFile(report)))
  let parsed: { passes: ChildTest[]; failures: ChildTest[] } = { passes: [], failures: [] }
  try {
    if (text) parsed = JSON.parse(text)
  } catch {
    // Half a report: the run died while writing it; stdout/stderr tell why.
  }
  return { ...run, passes: parsed.passes, failures: parsed.failures }
}
