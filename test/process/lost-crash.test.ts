import { expect } from "chai"
import { runFixture, type ChildRun } from "../mocha/run-fixture"

function failure(run: ChildRun, title: string) {
  const found = run.failures.find((t) => t.fullTitle === title)
  if (!found)
    throw new Error(
      `expected "${title}" to fail, got failures: ${run.failures.map((t) => t.fullTitle).join("; ")}\n${run.stderr}`,
    )
  return found.err
}

describe("a crash while no harness wait is pending @process", function () {
  this.timeout(40000)
  let run: ChildRun
  before(async () => {
    run = await runFixture(["lost-crash.fixture.ts"])
  })

  it("fails the test that owns the process, with the exit status, at the test's start line", () => {
    const err = failure(run, "lost crash crashes while the test awaits something else")
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(err.message).to.match(
      /^zmq-harness: expected process "node \S+crasher\.js --after 20" \(pid \d+\) to keep running, got exit code 3 after \d+ ms\. Last 20 lines of its stderr:\n/,
    )
    expect(err.stack).to.match(/lost-crash\.fixture\.ts:23:/)
  })

  it("fails a test whose module had a syntax error and was started without ready", () => {
    const err = failure(run, "lost crash starts a module with a syntax error without ready")
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(err.message).to.match(/syntax-error\.js" \(pid \d+\) to keep running, got exit code 1/)
    expect(err.message).to.include("SyntaxError")
  })

  it("fails the running test when a process of a before hook crashes, and only that one", () => {
    const suite = "lost crash a process of a before hook that crashes during a test"
    const err = failure(run, `${suite} fails the test that was running`)
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(err.message).to.match(
      /crasher\.js --after 100" \(pid \d+\) to keep running, got exit code 3/,
    )
    expect(run.passes.map((t) => t.fullTitle)).to.include(
      `${suite} does not fail the next test again`,
    )
  })

  it("fails the suite's closing hook when a process of its before hook crashes after the last test", () => {
    const suite = "lost crash a process of a before hook that crashes after the last test"
    const err = failure(
      run,
      `${suite} "after all" hook: zmq-harness: close what the suite's hooks made for "passes before the crash"`,
    )
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(run.passes.map((t) => t.fullTitle)).to.include(`${suite} passes before the crash`)
  })

  it("does not fail a test whose process exited with code 0 by itself (the crash rule)", () => {
    expect(run.passes.map((t) => t.fullTitle)).to.include(
      "lost crash exits with code 0 by itself: no crash",
    )
    expect(run.failures).to.have.length(4)
  })
})
