import { adapterCases } from "./runner-cases"

// Child Jest runs of test/fixtures/runners/jest/ through zmq-harness/jest (dist/), with
// injectGlobals: false.
describe("zmq-harness/jest @process", function () {
  adapterCases("jest", { timeoutLine: /Exceeded timeout of 300 ms/, runnerName: "Jest" })
})
