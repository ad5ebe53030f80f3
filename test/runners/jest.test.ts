import { adapterCases } from "./runner-cases"
import { checkSharedRun, jestRun } from "./shared-run"

// Child Jest runs of test/fixtures/runners/jest/ and of the shared suite
// (test/runners/shared/jest.shared.ts) through zmq-harness/jest (dist/), with injectGlobals: false.
describe("zmq-harness/jest @process", function () {
  it("runs the shared suite: every case as it should, nothing left, exits by itself", async function () {
    this.timeout(100_000)
    await checkSharedRun(await jestRun())
  })

  adapterCases("jest", { timeoutLine: /Exceeded timeout of 300 ms/, runnerName: "Jest" })
})
