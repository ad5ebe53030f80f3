import { expect } from "chai"
import { socket } from "../../lib"

describe("socket round trip", () => {
  it("carries a JSON body from req to rep and back", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const req = await socket("req", { connect: rep.endpoint })
    await req.send(["ping", 1])
    await expect(rep).to.receive([["ping", 1]])
    await rep.send(["pong", 1])
    expect(await req.recv()).to.deep.equal([["pong", 1]])
  })
})
