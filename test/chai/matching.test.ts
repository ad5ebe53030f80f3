import { expect } from "chai"
import * as sinon from "sinon"
import { socket, type TestSocket } from "../../lib"
import { rejection } from "../helpers/rejection"

async function pushPull(): Promise<{ push: TestSocket; pull: TestSocket }> {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const push = await socket("push", { connect: pull.endpoint })
  return { push, pull }
}

describe("chai receive: what a frame matcher sees", () => {
  it("gives sinon.match(/re/) the text of a text frame", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["session-42", '["ok"]'])
    await expect(pull).to.receive([sinon.match(/^session-\d+$/), ["ok"]])
  })

  it("gives sinon.match.string the text of a text frame, and sinon.match(substring) too", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["hello world", "", '{"a":1}'])
    await expect(pull).to.receive([sinon.match.string, sinon.match.string, { a: 1 }])
    await push.sendFrames(["hello world", '{"a":1}'])
    await expect(pull).to.receive([sinon.match("world"), sinon.match.has("a", 1)])
  })

  it("gives a matcher the Buffer of a binary frame (shown as hex in a failure)", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames([Buffer.from([0, 0x80, 0xff]), "[1]"])
    await expect(pull).to.receive([sinon.match.instanceOf(Buffer), [1]])
    await push.sendFrames([Buffer.from([0, 0x80, 0xff]), "[1]"])
    const err = await rejection(() => expect(pull).to.receive([sinon.match.string, [1]]))
    expect(err.message.split("\n")[0]).to.include("got [<3 bytes: 00 80 ff>, [1]].")
  })

  it("fails a regexp that does not match the text, showing the text", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["session-x", "[1]"])
    const err = await rejection(() => expect(pull).to.receive([sinon.match(/^session-\d+$/), [1]]))
    expect(err.message.split("\n")[1]).to.equal(
      'First difference: frame 0: expected <match(/^session-\\d+$/)>, got "session-x".',
    )
  })
})

describe("chai receive: where a match failed", () => {
  it("names the key of a sinon.match({ … }) that differed, with expected and actual", async () => {
    const { push, pull } = await pushPull()
    await push.send([], { kind: "reply", status: "error", n: 3 })
    const err = await rejection(() =>
      expect(pull).to.receive([sinon.match({ kind: "reply", status: "ok" })]),
    )
    expect(err.name).to.equal("AssertionError")
    expect(err.message.split("\n")[1]).to.equal(
      'First difference: frame 0.status: expected "ok", got "error".',
    )
  })

  it("names a nested key of a sinon.match({ … })", async () => {
    const { push, pull } = await pushPull()
    await push.send([], { header: { msg_type: "execute_reply", version: "5.3" } })
    const err = await rejection(() =>
      expect(pull).to.receive([sinon.match({ header: { msg_type: "kernel_info_reply" } })]),
    )
    expect(err.message.split("\n")[1]).to.equal(
      "First difference: frame 0.header.msg_type: expected <match(header: [object Object])>, " +
        'got "execute_reply".',
    )
  })

  it("names the path in a plain expected object, matchers inside", async () => {
    const { push, pull } = await pushPull()
    await push.send(["id"], { user: { name: "ann", age: 30 }, tags: ["a", "b"] })
    const err = await rejection(() =>
      expect(pull).to.receive([
        "id",
        { user: { name: sinon.match.string, age: 31 }, tags: ["a", "b"] },
      ]),
    )
    expect(err.message.split("\n")[1]).to.equal(
      "First difference: frame 1.user.age: expected 31, got 30.",
    )
  })

  it("names a missing key and an unexpected one", async () => {
    const { push, pull } = await pushPull()
    await push.send([], { a: 1, c: 3 })
    const err = await rejection(() => expect(pull).to.receive([{ a: 1, b: 2, c: 3 }]))
    expect(err.message.split("\n")[1]).to.equal(
      "First difference: frame 0.b: expected 2, got nothing (missing).",
    )
    await push.send([], { a: 1, extra: true })
    const err2 = await rejection(() => expect(pull).to.receive([{ a: 1 }]))
    expect(err2.message.split("\n")[1]).to.equal(
      "First difference: frame 0.extra: expected no such key, got true (unexpected key).",
    )
  })
})
