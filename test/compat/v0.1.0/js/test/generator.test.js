// docs/generator-tests.md of v0.1.0 in JavaScript: a beforeEach puts the
// socket on `this`, the generator body reads it there.
const { expect } = require("chai")
const { defineEvent, processTest, recv, send, socket, startModule } = require("zmq-harness")

const output = defineEvent("output", function (re) {
  return this.pong.waitForOutput(re)
})

describe("PongProc, generator style @process", () => {
  beforeEach(async function () {
    this.pong = await startModule("dist/pong.js", [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await this.pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint })
  })

  it("answers ping", processTest(function* () {
    yield send(this.req, [], ["ping", 1])
    const reply = yield recv(this.req)
    expect(reply).to.deep.equal([["pong", 1]])
  }))

  it("runs events of its own and plain tuples", processTest(function* () {
    yield output(/listening on/)
    yield ["send", this.req, [], ["ping", 2]]
    const reply = yield ["recv", this.req]
    expect(reply).to.deep.equal([["pong", 2]])
  }))
})
