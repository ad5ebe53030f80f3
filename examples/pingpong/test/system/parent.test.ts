import { expect } from "chai"
import { runProgram } from "zmq-harness"

// The parent with its real worker process (the process test replaces it by a
// stub): the whole two-process application from its command line.
describe("parent with its real worker @system", () => {
  it("pings its worker, prints the replies and stops it", async () => {
    const run = await runProgram(
      "node",
      ["-r", "ts-node/register/transpile-only", "src/parent.ts", "2"],
      {
        timeout: 10000,
      },
    )
    expect(run.stderr).to.equal("")
    expect(run.code).to.equal(0)
    expect(run.stdout).to.equal(
      '["ping",1] -> ["pong",1]\n["ping",2] -> ["pong",2]\nworker stopped\n',
    )
  })
})
