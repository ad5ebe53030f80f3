// The examples of docs/generator-tests.md, run as tests. Keep the two in step.
import { expect } from "chai"
import {
  defineEvent,
  processTest,
  recv,
  send,
  socket,
  startModule,
  type TestSocket,
} from "../../lib"

declare module "../../lib" {
  interface TestContext {
    req: TestSocket
    logs: TestSocket
  }
}

const log = defineEvent("log", async function (substr: string) {
  const [[kind, text]] = (await this.logs.recv()) as [[string, string]]
  expect(kind).to.equal("log_message")
  expect(text).to.include(substr)
  return text
})

describe("docs/generator-tests.md examples @process", () => {
  beforeEach(async function () {
    const pong = await startModule("test/fixtures/processes/pong.js", [], {
      ready: /listening on (\S+)/,
    })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint, timeout: 3000 })
  })

  it(
    "answers ping",
    processTest(function* () {
      yield send(this.req, [], ["ping", 1])
      const reply = yield recv(this.req)
      expect(reply).to.deep.equal([["pong", 1]])
    }),
  )

  it(
    "answers ping, article style",
    processTest(function* () {
      yield ["send", this.req, [], ["ping", 1]]
      const reply = yield ["recv", this.req]
      expect(reply).to.deep.equal([["pong", 1]])
    }),
  )

  it(
    "checks a log message with a custom event",
    processTest(function* () {
      this.logs = yield socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 3000 })
      const app = yield socket("push", { connect: this.logs.endpoint })
      yield send(app, ["log_message", "pong 1 sent"]) // stands in for the app's log handler
      const text = yield log("pong 1")
      expect(text).to.equal("pong 1 sent")
    }),
  )

  it(
    "catches a failed receive at its yield",
    processTest(function* () {
      try {
        yield recv(this.req, { timeout: 50 }) // a req socket must send first
      } catch (err) {
        expect((err as Error).name).to.equal("SocketStateError")
        expect((err as Error).message).to.match(/a req socket must alternate/)
      }
    }),
  )
})
