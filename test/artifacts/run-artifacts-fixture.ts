import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { childMochaArgs, ROOT, runToExit, takeReportFile } from "../helpers/child-mocha"

const FIXTURES = path.join(ROOT, "test/fixtures/artifacts")

/** How a child Mocha run on artifacts fixtures ended. */
export interface ArtifactsRun {
  code: number | null
  stdout: string
  stderr: string
  /** What the reporter wrote to its output file. */
  output: string
}

/** A fresh temporary folder, removed by {@link removeTemp}. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-art-run-"))
}

/**
 * Runs Mocha on fixture suites of test/fixtures/artifacts in a child process (the plugin from
 * source, no config file), with `reporter` writing to a file whose text is returned. Bounded:
 * killed after `timeout` ms.
 */
export async function runArtifactsFixture(
  files: string[],
  options: {
    env: Record<string, string>
    parallel?: boolean
    reporter: "json" | "xunit" | "context"
    timeout?: number
    /** Mocha's `--timeout` (tests and hooks) in the child; default 10000. */
    mochaTimeout?: number
  },
): Promise<ArtifactsRun> {
  const out = path.join(tempDir(), "reporter-output")
  const reporter =
    options.reporter === "context"
      ? ["--reporter", path.join(FIXTURES, "context-reporter.js")]
      : ["--reporter", options.reporter, "--reporter-option", `output=${out}`]
  const args = childMochaArgs(
    files.map((f) => path.join(FIXTURES, f)),
    [
      "--no-package",
      "--timeout",
      String(options.mochaTimeout ?? 10000),
      ...reporter,
      ...(options.parallel ? ["--parallel", "--jobs", "2"] : []),
    ],
  )
  let output = ""
  const run = await runToExit(args, {
    env: { ZMQ_HARNESS_ARTIFACTS_RUN: "", ZMQ_HARNESS_TEST_REPORT: out, ...options.env },
    timeoutMs: options.timeout ?? 60_000,
  }).finally(() => (output = takeReportFile(out)))
  return { code: run.code, stdout: run.stdout, stderr: run.stderr, output }
}
