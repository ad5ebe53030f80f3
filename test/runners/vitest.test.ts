import { adapterCases } from "./runner-cases"

// Child Vitest runs of test/fixtures/runners/vitest/ through zmq-harness/vitest (dist/).
describe("zmq-harness/vitest @process", function () {
  describe("pool forks", function () {
    adapterCases("vitest", {
      env: { POOL: "forks" },
      timeoutLine: /Test timed out in 300ms/,
      runnerName: "Vitest",
    })
  })
  describe("pool threads", function () {
    adapterCases("vitest", {
      env: { POOL: "threads" },
      timeoutLine: /Test timed out in 300ms/,
      runnerName: "Vitest",
    })
  })
})
