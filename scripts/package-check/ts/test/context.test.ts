// User code of zmq-harness 0.1.0 (docs/generator-tests.md): hooks put sockets and processes on
// Mocha's `this`, generator bodies and event handlers use them, nothing declared. Under
// ts-node's type checking (the ts5-ts-node scenario) a TS2339 here ends the whole run.
import { expect } from "chai"
import { defineEvent, processTest, recv, send, socket, startModule } from "zmq-harness"

const ping = defineEvent("ping", async function (n: number) {
  await this.req.send(["ping", n])
  return this.req.recv()
})

describe("0.1.0 generator suites @process", () => {
  beforeEach(async function () {
    this.pong = await startModule("src/pong.ts", [], { ready: /listening on/ })
    const [, endpoint] = await this.pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint })
  })

  it(
    "uses this.req in the body",
    processTest(function* () {
      yield send(this.req, [], ["ping", 1])
      const reply = yield recv(this.req)
      expect(reply).to.deep.equal([["pong", 1]])
    }),
  )

  it(
    "uses this.req in an event handler",
    processTest(function* () {
      expect(yield ping(2)).to.deep.equal([["pong", 2]])
    }),
  )

  it("checks an exit code through exited", async function () {
    await this.req.send(["crash", 1])
    const { code } = await this.pong.exited
    expect(code).to.equal(3)
  })
})
