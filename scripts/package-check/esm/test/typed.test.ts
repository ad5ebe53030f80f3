// A TypeScript test file in an ES module project, loaded through tsx.
import { expect } from "chai"
import { socket, type TestSocket } from "zmq-harness"

describe("TypeScript tests in an ES module project", () => {
  it("binds, connects and receives", async () => {
    const rep: TestSocket = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const req = await socket("req", { connect: rep.endpoint })
    await req.send(["ping", 4])
    await expect(rep).to.receive([["ping", 4]])
  })
})
