import { expect } from "chai"
import { abortRun } from "../../bench/vitest-aborts"

// zeromq.js aborts the process when a worker thread that holds open sockets is terminated:
// under Vitest's threads pool, zmq-harness/vitest closes every socket of a file (made at load,
// in beforeAll, in a test, a mock peer's) before its worker goes. A reduced run of
// bench/vitest-aborts.ts (1,000 terminations there; bench/results.md has the figure).
describe("zmq-harness/vitest, pool threads: worker terminations with open sockets @process", function () {
  it("12 workers terminated with sockets open and receives pending: no abort, every file passed", async function () {
    this.timeout(130_000)
    const run = await abortRun(12)
    expect(run.aborted, run.output).to.equal(false)
    expect(run.code, run.output).to.equal(0)
    expect(run.filesPassed, run.output).to.equal(12)
  })
})
