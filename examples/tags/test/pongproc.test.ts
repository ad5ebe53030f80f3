import { expect } from "chai"
// In your project: import { socket } from "zmq-harness"
import { socket } from "../../../lib"
import { startPongProc } from "../src/pongproc"

// A process test: real sockets around the service. Tagged @process in the title.
describe("PongProc @process", () => {
  it("answers a ping over a REQ socket", async () => {
    const proc = await startPongProc("tcp://127.0.0.1:*")
    try {
      const req = await socket("req", { connect: proc.endpoint })
      await req.send(["ping", 1])
      await expect(req).to.receive([["pong", 1]])
    } finally {
      proc.close()
    }
  })
})
