import { expect } from "chai"
import * as path from "node:path"
import { socket, TimeoutError } from "../../lib"
import { AwaitedSite } from "../../lib/util/call-site"
import { rejection } from "../helpers/rejection"

/** The first stack frame below the message. */
function firstFrame(err: Error): string {
  return err.stack!.split("\n").find((line) => /^\s+at /.test(line)) ?? "(no frame)"
}

const UNUSED = "tcp://127.0.0.1:47196" // nothing listens: immediate sockets queue nothing

describe("the stack of a socket's timeout error", () => {
  const cases: [string, () => Promise<unknown>][] = [
    [
      "recv",
      async () => {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        await pull.recv({ timeout: 10 })
      },
    ],
    [
      "send",
      async () => {
        const push = await socket("push", { connect: UNUSED, immediate: true, timeout: 10 })
        await push.send(["x"])
      },
    ],
    [
      "sendFrames",
      async () => {
        const push = await socket("push", { connect: UNUSED, immediate: true })
        await push.sendFrames(["x"], { timeout: 10 })
      },
    ],
    [
      "connected",
      async () => {
        const push = await socket("push", { connect: UNUSED })
        await push.connected({ timeout: 10 })
      },
    ],
    [
      "subscribed",
      async () => {
        const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
        await pub.subscribed("news", { timeout: 10 })
      },
    ],
  ]
  for (const [method, call] of cases) {
    it(`starts at the test's line for ${method}()`, async () => {
      const err = await rejection(call)
      expect(err).to.be.instanceOf(TimeoutError)
      expect(firstFrame(err)).to.include(`${path.sep}stacks.test.ts:`)
    })
  }

  it("leaves out the frames of the compiled package too (dist/, as source maps name lib/)", () => {
    const root = path.resolve(__dirname, "../..")
    const err = new TimeoutError("receive", 10, "zmq-harness: receive timed out")
    err.stack = [
      `${err.name}: ${err.message}`,
      `    at socketTimeout (${root}/dist/socket/errors.js:54:10)`,
      `    at TestSocket.failure (${root}/lib/socket/test-socket.ts:565:24)`,
      `    at async Context.<anonymous> (${root}/test/app.test.ts:12:5)`,
    ].join("\n")
    expect(firstFrame(new AwaitedSite().apply(err))).to.equal(
      `    at async Context.<anonymous> (${root}/test/app.test.ts:12:5)`,
    )
  })
})
