import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { freePort, portIsFree } from "../helpers/ports"
import { runRunner } from "./child-runner"

/**
 * The checks every runner adapter passes (test/runners/vitest.test.ts, jest.test.ts), on child
 * runs of the fixtures in test/fixtures/runners/<runner>/ (their bodies: bodies.cjs).
 */
export function adapterCases(
  runner: "vitest" | "jest",
  options: { env?: Record<string, string>; timeoutLine: RegExp; runnerName: string },
): void {
  const env = options.env ?? {}

  it("closes each test's sockets and processes: two tests in a row bind one fixed port, nothing is left, the run exits", async function () {
    this.timeout(90_000)
    const port = await freePort()
    const run = await runRunner(runner, { ...env, FILES: `cleanup.test.*`, FIXED_PORT: `${port}` })
    const output = run.stdout + run.stderr
    expect(run.code, output).to.equal(0)
    expect(output).not.to.match(/AddressInUse|EADDRINUSE|did not exit/)
    expect(run.alive, "processes left running").to.deep.equal([])
    expect(await portIsFree(port), "the fixed port is free").to.equal(true)
  })

  it("fails a test whose process crashed unseen, reports a hang on the runner's timeout, diffs a receive, writes report.html", async function () {
    this.timeout(90_000)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-runner-artifacts-"))
    try {
      const run = await runRunner(runner, {
        ...env,
        FILES: `failures.test.*`,
        ZMQ_HARNESS_ARTIFACTS: dir,
      })
      const output = run.stdout + run.stderr
      expect(run.code, output).to.equal(1)
      expect(output).to.include("ProcessExitedError")
      expect(output).to.match(options.timeoutLine)
      expect(output).to.include(
        `zmq-harness hang report (what the test was doing when ${options.runnerName}'s timeout fired)`,
      )
      expect(output).to.match(/pull socket \\?"hanging-pull/)
      expect(output).to.include("First difference: frame 0[1].n: expected 2, got 1.")
      expect(output).to.include("zmq-harness report: ")
      expect(run.alive).to.deep.equal([])
      const reports = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith("report.html"))
      expect(reports.length, `reports in ${dir}`).to.be.greaterThanOrEqual(3)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it("throws NotRegisteredError naming the setup line when the adapter is not loaded", async function () {
    this.timeout(90_000)
    const port = await freePort()
    const run = await runRunner(runner, {
      ...env,
      FILES: `cleanup.test.*`,
      FIXED_PORT: `${port}`,
      NO_SETUP: "1",
    })
    const output = run.stdout + run.stderr
    expect(run.code, output).to.equal(1)
    expect(output).to.include("NotRegisteredError")
    expect(output).to.include(`zmq-harness/${runner}`)
  })
}
