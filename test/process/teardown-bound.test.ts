import { expect } from "chai"
import * as path from "node:path"
import { childMochaArgs, ROOT, runChildMocha } from "../helpers/child-mocha"
import { closeBound, hookTimeoutOf } from "../../lib/core/close-bound"

const suite = path.join(ROOT, "test/fixtures/mocha-runs/slow-stop.suite.ts")

describe("the teardown of a test @process", function () {
  this.timeout(40000)

  it("kills a process that ignores SIGTERM within Mocha's default hook timeout, so every test runs", async () => {
    // No --timeout: Mocha's default of 2000 ms, as in the README's .mocharc.yml.
    const run = await runChildMocha(childMochaArgs([suite]), { timeoutMs: 30000 })
    expect(run.output).to.not.include("Timeout of")
    expect([run.passed, run.failed, run.code]).to.deep.equal([3, 0, 0])
    expect(run.output).to.match(
      /\n {2}zmq-harness: process "node \S+stubborn\.js" \(pid \d+\) ignored SIGTERM for 1\d\d\d ms and was killed with SIGKILL when "slow stop leaves a process that ignores SIGTERM" ended \(its grace of 2000 ms was cut to 1\d\d\d ms to end within Mocha's hook timeout of 2000 ms\)\. Make it end on SIGTERM, or choose another `stop` or `grace`\.\n/,
    )
  })

  it("keeps a quarter of the hook's timeout, at most 500 ms, and has no bound without one", () => {
    const before = performance.now()
    const bound = closeBound(2000)!
    expect(bound.deadline - before).to.be.within(1500, 1500 + (performance.now() - before))
    expect(bound.reason).to.equal("Mocha's hook timeout of 2000 ms")
    expect(closeBound(400)!.deadline - performance.now()).to.be.at.most(300)
    expect(closeBound(0)).to.equal(undefined)
    expect(closeBound(2 ** 31 - 1)).to.equal(undefined)
    expect(hookTimeoutOf({ timeout: () => 1234 })).to.equal(1234)
    expect(hookTimeoutOf({})).to.equal(undefined)
  })
})
