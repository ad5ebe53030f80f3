// docs/system-tests.md of v0.1.0: its two tests, as printed, against the
// programs they run (dist/pongproc.js, and dist/front.js, which starts its
// own worker dist/worker.js), shipped with this suite with their golden
// files. Added only the `expect` import the second example left out.
import { expect } from "chai"
import { runProgram } from "zmq-harness"

describe("pongproc @system", () => {
  it("prints the exchange", async () => {
    const run = await runProgram("node", ["dist/pongproc.js"], { timeout: 5000 })
    expect(run.code).to.equal(0)
    expect(run.stderr).to.equal("")
    expect(run.stdout).to.matchGolden("test/data/pongproc.out")
  })
})

import { normalizers, socket, startProcess } from "zmq-harness"

describe("pong application, as its client @system", () => {
  it("answers a ping through its worker", async () => {
    // Start the application (it starts its worker itself); wait for the line that says it is ready.
    const app = await startProcess("node", ["dist/front.js", "tcp://127.0.0.1:*"])
    const [, endpoint] = await app.waitForOutput(/listening on (tcp:\/\/\S+)/)
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
    await app.stop() // SIGTERM, as in production
    expect((await app.exited).code).to.equal(0)
    expect(app.stdout).to.matchGolden("test/data/front.log", {
      normalize: [normalizers.pids, normalizers.ports],
    })
  })
})
