import { adapterCases } from "./runner-cases"
import { checkSharedRun, vitestRun } from "./shared-run"

// Child Vitest runs of test/fixtures/runners/vitest/ and of the shared suite
// (test/runners/shared/vitest.shared.ts) through zmq-harness/vitest (dist/).
describe("zmq-harness/vitest @process", function () {
  for (const pool of ["forks", "threads"] as const) {
    describe(`pool ${pool}`, function () {
      it("runs the shared suite: every case as it should, nothing left, exits by itself", async function () {
        this.timeout(100_000)
        await checkSharedRun(await vitestRun(pool))
      })

      adapterCases("vitest", {
        env: { POOL: pool },
        timeoutLine: /Test timed out in 300ms/,
        runnerName: "Vitest",
      })
    })
  }
})
