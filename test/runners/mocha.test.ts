import { expect } from "chai"
import * as path from "node:path"
import { MOCHA_BIN } from "../helpers/child-mocha"
import {
  assertNothingLeft,
  assertSharedResults,
  runChild,
  SHARED_DIR,
  type CaseResult,
} from "./shared-run"

// The shared suite (test/runners/shared/) under Mocha with zmq-harness/register from dist/, as a
// user runs it: each case's result, nothing left, a prompt exit (no --exit).

interface MochaJsonTest {
  title: string
  err: { message?: string; stack?: string }
}

describe("Mocha runs the shared suite (zmq-harness/register) @process", function () {
  this.timeout(100_000)

  it("every case as it should, nothing left, exits by itself", async () => {
    const run = await runChild(
      [
        MOCHA_BIN,
        "--no-config",
        "--require",
        "tsx/cjs",
        "--require",
        "zmq-harness/register",
        "--timeout",
        "20000",
        "--reporter",
        "json",
        path.join(SHARED_DIR, "mocha.shared.ts"),
      ],
      { timeoutMs: 90_000 },
    )
    const json = run.stdout.slice(run.stdout.indexOf("{\n"))
    const report = JSON.parse(json) as {
      passes: MochaJsonTest[]
      failures: MochaJsonTest[]
      stats: { end: string }
    }
    const results = new Map<string, CaseResult>()
    for (const t of report.passes) results.set(t.title, { passed: true })
    for (const t of report.failures) {
      results.set(t.title, {
        passed: false,
        message: t.err.message ?? "",
        stack: t.err.stack ?? "",
      })
    }
    assertSharedResults(results, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
    expect(run.code).to.equal(report.failures.length)
    await assertNothingLeft(run)
    expect(
      run.exitedAt - Date.parse(report.stats.end),
      "exit after the last test (ms)",
    ).to.be.below(5000)
  })
})
