import { expect } from "chai"
import { describeRun, runParallel } from "./parallel-run"

/** The small version of `npm run parallel-check` (3 × 200 tests, --jobs 4). */
describe("parallel Mocha: random ports and ipc paths never collide @process", function () {
  this.timeout(120000)

  it("mocha --parallel --jobs 2 over 2 files of 8 tests: all pass, no collision, no file left", async () => {
    const run = await runParallel({ files: 2, perFile: 8, jobs: 2, timeoutMs: 100000 })
    console.log(`      ${describeRun(run, 0)}`)
    expect(run.exit, run.output.slice(-3000)).to.deep.equal({ code: 0, signal: null })
    expect(run.passed).to.equal(16)
    expect(run.failed).to.equal(0)
    expect(run.collisions).to.equal(0)
    expect(run.ipcFilesLeft).to.equal(0)
  })
})
