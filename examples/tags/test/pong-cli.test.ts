import { expect } from "chai"
// In your project: import { normalizers, runProgram } from "zmq-harness"
import { normalizers, runProgram } from "../../../lib"

// A system test: the program from its command line, its output against a golden file.
describe("pong-cli @system", () => {
  it("prints the reply to a ping", async () => {
    const run = await runProgram("node", ["src/pong-cli.js", "ping", "1"], { timeout: 5000 })
    expect(run.code).to.equal(0)
    expect(run.stdout).to.matchGolden("test/golden/pong-cli.out", { normalize: [normalizers.pids] })
  })
})
