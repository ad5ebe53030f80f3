// docs/getting-started.md (v0.1.0), "A process test", as printed.
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

describe("pong process @process", () => {
  it("answers a ping with a pong", async () => {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on/, stop: { signal: "SIGINT" } })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint })

    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  })
})
