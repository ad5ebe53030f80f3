// The capabilities of issues 12 and 13 from the packed tarball, in plain JavaScript and with
// every mocha × chai pair of the matrix: a mock peer that answers by itself, reached through a
// fault link, and the chai assertion the plugin adds for peers.
const { expect } = require("chai")
const { faultyLink, peer, socket } = require("zmq-harness")

describe("mock peer behind a fault link, from plain JavaScript @process", () => {
  it("answers by itself, and the link counts what crossed it", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on([["ping", 1]]).reply([["pong", 1]])
    const link = await faultyLink({ target: backend.endpoint })
    link.delay(10)
    const req = await socket("req", { connect: link.endpoint })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
    await backend.done()
    expect(backend).to.have.received([["ping", 1]])
    expect(link.stats.upstream.messages).to.equal(1)
    expect(link.stats.downstream.messages).to.equal(1)
  })
})
