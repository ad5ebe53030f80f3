import { expect } from "chai"
import * as path from "node:path"
import {
  defineEvent,
  processTest,
  recv,
  send,
  socket,
  startProcess,
  TimeoutError,
  UsageError,
  type TestSocket,
} from "../../lib"

declare module "../../lib" {
  interface TestContext {
    req: TestSocket
    log: TestSocket
  }
}

const pong = path.join(__dirname, "../fixtures/processes/pong.js")

/** The line this is called from, as the stack shows it. */
function lineHere(): number {
  return Number(/process-test\.test\.ts:(\d+)/.exec(new Error().stack!.split("\n")[2])![1])
}

/** The first "at …" line of an error's stack. */
function firstFrame(err: Error): string {
  return err.stack!.split("\n").find((l) => /^\s+at /.test(l)) ?? ""
}

/** The log event of the docs: the next message on the test's `log` socket must contain `substr`. */
const log = defineEvent("logLine", async function (substr: string) {
  const [[kind, text]] = (await (this.log as TestSocket).recv()) as [[string, string]]
  expect(kind).to.equal("log_message")
  expect(text).to.include(substr)
  return text
})

describe("processTest @process", () => {
  beforeEach(async function () {
    const proc = await startProcess("node", [pong], { ready: /listening on (\S+)/ })
    const [, endpoint] = await proc.waitForOutput(/listening on (\S+)/)
    this.req = await socket("req", { connect: endpoint, timeout: 3000 })
  })

  it(
    "sends and receives with send() and recv()",
    processTest(function* () {
      yield send(this.req, [], ["ping", 1])
      const reply = yield recv(this.req)
      expect(reply).to.deep.equal([["pong", 1]])
    }),
  )

  it(
    "takes plain tuples as in the article",
    processTest(function* () {
      yield ["send", this.req, [], ["ping", 2]]
      const reply = yield ["recv", this.req]
      expect(reply).to.deep.equal([["pong", 2]])
    }),
  )

  it(
    "calls a defined event with this = Mocha's context and sends its result back",
    processTest(function* () {
      const logger = yield socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 3000 }) // a promise is awaited as it is
      const app = yield socket("push", { connect: (logger as TestSocket).endpoint })
      this.log = logger
      yield send(app as TestSocket, ["log_message", "got ping 3"])
      expect(yield log("ping 3")).to.equal("got ping 3")
      yield send(app as TestSocket, ["log_message", "got ping 4"])
      expect(yield ["logLine", "ping 4"]).to.equal("got ping 4")
    }),
  )

  it(
    "throws an error into the generator at the yield that caused it, with that line in its stack",
    processTest(function* () {
      const quiet = (yield socket("pull", { bind: "tcp://127.0.0.1:*" })) as TestSocket
      let line = 0
      try {
        line = lineHere() + 1
        yield recv(quiet, { timeout: 30 })
        expect.fail("the receive should have failed")
      } catch (err) {
        expect(err).to.be.instanceOf(TimeoutError)
        expect(firstFrame(err as Error)).to.include(`process-test.test.ts:${line}`)
      }
    }),
  )

  it(
    "throws a failed assertion of an event handler at its yield",
    processTest(function* () {
      const logger = yield socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 3000 })
      const app = yield socket("push", { connect: (logger as TestSocket).endpoint })
      this.log = logger
      yield send(app as TestSocket, ["log_message", "something else"])
      let line = 0
      try {
        line = lineHere() + 1
        yield log("ping")
      } catch (err) {
        expect((err as Error).message).to.equal("expected 'something else' to include 'ping'")
        expect(firstFrame(err as Error)).to.include(`process-test.test.ts:${line}`)
        return
      }
      expect.fail("the log event should have failed")
    }),
  )

  it(
    "rejects an unknown event, suggesting a close name",
    processTest(function* () {
      try {
        yield ["rcv", this.req]
      } catch (err) {
        expect(err).to.be.instanceOf(UsageError)
        expect((err as Error).message).to.match(
          /^zmq-harness: expected a known event \(send, recv, [^)]*\), got "rcv"\. Perhaps you meant "recv"\?$/,
        )
        return
      }
      expect.fail("the unknown event should have been thrown into the generator")
    }),
  )

  it(
    "rejects a yield that is no event",
    processTest(function* () {
      try {
        yield 42
      } catch (err) {
        expect((err as Error).message).to.match(
          /^zmq-harness: expected yield #1 to give an event .*, got number\.$/,
        )
        return
      }
      expect.fail("the bad yield should have been thrown into the generator")
    }),
  )
})

describe("processTest misuse", () => {
  it("an error the generator does not catch fails the test with it", async () => {
    const test = processTest(function* () {
      yield Promise.reject(new Error("boom"))
    })
    const err = await test.call({} as never).catch((e: Error) => e)
    expect((err as Error).message).to.equal("boom")
  })

  it("a plain function instead of a generator", async () => {
    const test = processTest((() => undefined) as never)
    const err = await test.call({} as never).catch((e: Error) => e)
    expect((err as Error).message).to.equal(
      "zmq-harness: expected processTest(function* () { … }) to get a generator function, got a plain function. Add the `*`.",
    )
  })

  it("defining a built-in event", () => {
    expect(() => defineEvent("recv", () => undefined)).to.throw(
      UsageError,
      'zmq-harness: expected a new event name, got "recv", which is built in. Pick another name.',
    )
  })
})
