// README.md of v0.1.0: "Use it in your project", as printed.
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

describe("PongProc @process", () => {
  it("answers a ping", async () => {
    const pong = await startModule("src/pong.ts", ["--bind", "tcp://127.0.0.1:5678"], {
      ready: /listening/,
      stop: { signal: "SIGINT" },
    })
    const req = await socket("req", { connect: "tcp://127.0.0.1:5678" })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  }) // the socket is closed and the process stopped when the test ends
})

// README.md of v0.1.0, "Generator style": the README's `it` as printed, in the
// suite the generator guide gives it (a beforeEach that sets this.req).
import { processTest, recv, send } from "zmq-harness"

describe("PongProc, generator style (README) @process", () => {
  beforeEach(async function () {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint })
  })

  it("pings", processTest(function* () {
    yield send(this.req, [], ["ping", 1])
    expect(yield recv(this.req)).to.deep.equal([["pong", 1]])
  }))
})
