import { expect } from "chai"
import {
  defineEvent,
  processTest,
  recv,
  send,
  socket,
  startModule,
  type ProcessHandle,
  type TestContext,
  type TestSocket,
} from "zmq-harness"

// examples/pingpong/test/process/pong-generator.test.ts of v0.1.0, as it was.
// The same pong process, in the generator style: the test yields events
// (send, recv, and an event of our own) and the harness performs them.
// An error is thrown back into the generator at the yield that caused it.

/** `yield output(/re/)`: waits (bounded) until the pong process printed a line matching re. */
const output = defineEvent(
  "output",
  function (this: TestContext, re: RegExp): Promise<RegExpMatchArray> {
    return (this.pong as ProcessHandle).waitForOutput(re)
  },
)

describe("pong process, generator style @process", () => {
  beforeEach(async function () {
    this.pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const [, endpoint] = await this.pong.waitForOutput(/listening on (\S+)/)
    this.req = (await socket("req", { connect: endpoint })) as TestSocket
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
    "logs every exchange",
    processTest(function* () {
      yield send(this.req, [], ["ping", 2])
      yield recv(this.req)
      yield output(/\["ping",2\] -> \["pong",2\]/)
    }),
  )
})
