// docs/generator-tests.md of v0.1.0: its three examples, as printed, in the
// suite a reader builds from them. Added only what the page left out: the
// `expect` import, and for the `log` event a beforeEach that gives the test
// its log socket (this.logs) and the pong process the endpoint to log to.
import { expect } from "chai"
import { defineEvent, processTest, recv, send, socket, startModule } from "zmq-harness"

describe("PongProc @process", () => {
  beforeEach(async function () {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint })
  })

  it("answers ping", processTest(function* () {
    yield send(this.req, [], ["ping", 1])
    const reply = yield recv(this.req)
    expect(reply).to.deep.equal([["pong", 1]])
  }))

  it("catches a failed receive at its yield", processTest(function* () {
    try {
      yield recv(this.req, { timeout: 50 }) // a req socket must send first
    } catch (err) {
      // SocketStateError: "… a req socket must alternate: send a request, then receive its reply …",
      // its stack starting at the yield line above
    }
  }))
})

const log = defineEvent("log", async function (substr: string) {
  const [[kind, text]] = await this.logs.recv()
  expect(kind).to.equal("log_message")
  expect(text).to.include(substr)
  return text
})

describe("PongProc logs @process", () => {
  beforeEach(async function () {
    this.logs = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const pong = await startModule("src/pong.ts", ["--logs", this.logs.endpoint], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint })
  })

  it("logs the pong", processTest(function* () {
    yield send(this.req, [], ["ping", 1])
    yield recv(this.req)
    const text = yield log("pong 1")
  }))
})
