import { expect } from "chai"
import { checkReply, pongNumber, request, serve } from "../../src/protocol"

describe("lazy pirate protocol", () => {
  it("numbers each request", () => {
    expect(request(3)).to.equal('["work",3]')
  })

  it("accepts the reply that carries the number awaited", () => {
    expect(checkReply('["done",3]', 3)).to.deep.equal({ kind: "ok" })
  })

  it("tells a reply to another request (late or duplicated) from the one awaited", () => {
    expect(checkReply(Buffer.from('["done",2]'), 3)).to.deep.equal({ kind: "stale", seq: 2 })
  })

  it("calls anything else a malformed reply", () => {
    expect(checkReply("done 3", 3)).to.deep.equal({ kind: "malformed", text: "done 3" })
    expect(checkReply('["done","3"]', 3)).to.deep.equal({
      kind: "malformed",
      text: '["done","3"]',
    })
  })

  it("serves work, pongs a ping, and answers anything else with an error", () => {
    expect(serve('["work",7]')).to.deep.equal({ kind: "work", seq: 7, reply: '["done",7]' })
    expect(serve('["ping",2]')).to.deep.equal({ kind: "ping", reply: '["pong",2]' })
    expect(serve("hello")).to.deep.equal({
      kind: "bad",
      reply: JSON.stringify([
        "error",
        'expected ["work", <integer>] or ["ping", <integer>], got "hello"',
      ]),
    })
  })

  it("reads the number of a pong", () => {
    expect(pongNumber('["pong",4]')).to.equal(4)
    expect(pongNumber('["done",4]')).to.equal(undefined)
  })
})
