import { expect } from "chai"
import { runFixture, type ChildRun } from "../mocha/run-fixture"

// v0.1.0's docs/processes.md: `const { code, signal } = await proc.exited`. A test that awaited
// (or attached to) `exited` has seen the exit; the crash rule is for exits nobody looked at.
describe("compat 0.1.0: a test that awaits proc.exited has seen the exit @process", function () {
  this.timeout(60000)
  let run: ChildRun
  before(async () => {
    run = await runFixture(["exit-seen.fixture.ts"])
  })

  it("passes every test that checked an exit code through exited", () => {
    const failures = run.failures.map((t) => `${t.fullTitle}: ${t.err.message}`)
    expect(failures, run.stderr).to.deep.equal([])
    expect(run.passes.map((t) => t.fullTitle)).to.have.members([
      "exit codes the test checks awaits exited of a program that fails with code 3",
      "exit codes the test checks checks the exit code of a nested Mocha run",
      "exit codes the test checks attaches .then to exited",
      "exit codes the test checks awaits exited after the exit happened",
      "exit codes the test checks a process of a before hook whose exit a test awaits sees the exit",
      "exit codes the test checks a process of a before hook whose exit a test awaits is not charged to the next test",
    ])
    expect(run.code).to.equal(0)
  })
})
