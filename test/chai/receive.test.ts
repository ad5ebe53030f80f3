import { expect } from "chai"
import * as sinon from "sinon"
import { InvalidSubjectError, socket, TestSocket, UsageError } from "../../lib"
import { rejection } from "../helpers/rejection"

async function pushPull(): Promise<{ push: TestSocket; pull: TestSocket }> {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const push = await socket("push", { connect: pull.endpoint })
  return { push, pull }
}

describe("chai receive", () => {
  it("matches strings, Buffers and the JSON frame, and resolves with the message", async () => {
    const { push, pull } = await pushPull()
    await push.send(["text", Buffer.from([1, 2])], { a: [1, 2] })
    const message = await expect(pull).to.receive(["text", Buffer.from([1, 2]), { a: [1, 2] }])
    expect(message).to.deep.equal([Buffer.from("text"), Buffer.from([1, 2]), { a: [1, 2] }])
  })

  it("accepts sinon.match anywhere: a whole frame or deep inside the body", async () => {
    const { push, pull } = await pushPull()
    await push.send(["id-17"], { user: "ann", at: 1234, tags: ["x"] })
    await expect(pull).to.receive([
      sinon.match((f: Buffer) => f.toString().startsWith("id-")),
      { user: "ann", at: sinon.match.number, tags: [sinon.match.string] },
    ])
  })

  it("takes json and timeout for this call", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(['{"a":1}', "tail"])
    await expect(pull).to.receive([{ a: 1 }, "tail"], { json: 0, timeout: 200 })
  })

  it("fails with expected and actual frames, the transcript, and a diff", async () => {
    const { push, pull } = await pushPull()
    await push.send(["hdr"], ["pong", 2])
    const err = (await rejection(() => expect(pull).to.receive(["hdr", ["pong", 1]]))) as Error & {
      actual: unknown
      expected: unknown
      showDiff: boolean
    }
    expect(err.name).to.equal("AssertionError")
    expect(err.message.split("\n")[0]).to.equal(
      `zmq-harness: the message on ${pull.name} is not the one expected (frame 1 differs): ` +
        `expected ["hdr",["pong",1]], got ["hdr", ["pong",2]]. ` +
        "Check what the peer sends (the transcript below), or loosen a frame with sinon.match.",
    )
    expect(err.message).to.match(
      /Transcript of pull socket .*:\n +\+\d+\.\dms {2}received {2}\["hdr", \["pong",2\]\]$/,
    )
    expect(err.actual).to.deep.equal(["hdr", ["pong", 2]])
    expect(err.expected).to.deep.equal(["hdr", ["pong", 1]])
    expect(err.showDiff).to.equal(true)
    expect(err.stack!.split("\n").find((l) => /^\s+at /.test(l))).to.include("receive.test.ts")
  })

  it("fails on a frame count that differs, saying how many came", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["a", '"b"'])
    const err = await rejection(() => expect(pull).to.receive(["b"]))
    expect(err.message).to.include(
      '(frame 0, frame 1 differ; 1 frame(s) expected, 2 came): expected ["b"], got ["a", "b"].',
    )
  })

  it("shows a matched matcher as the actual value, so the diff points at the real difference", async () => {
    const { push, pull } = await pushPull()
    await push.send(["x"], { n: 2 })
    const err = (await rejection(() =>
      expect(pull).to.receive([sinon.match.any, { n: 1 }]),
    )) as Error & {
      expected: unknown
    }
    expect(err.expected).to.deep.equal(["x", { n: 1 }])
  })

  it("fails with the socket's timeout error when nothing comes", async () => {
    const { pull } = await pushPull()
    const err = await rejection(() => expect(pull).to.receive([1], { timeout: 20 }))
    expect(err.message).to.match(
      /^zmq-harness: receive timed out: expected a message on pull socket/,
    )
  })

  it("refuses .not, pointing at receiveNothing", async () => {
    const { pull } = await pushPull()
    expect(() => expect(pull).not.to.receive([1])).to.throw(
      UsageError,
      "zmq-harness: expected .receive() without .not, got .not.receive(). " +
        "Use .receiveNothing() to assert that no message arrives, or a sinon.match matcher inside receive([…]).",
    )
  })

  it("throws InvalidSubjectError on a subject that is not a test socket", () => {
    expect(() => expect({ a: 1 }).to.receive([1])).to.throw(
      InvalidSubjectError,
      'zmq-harness: expected a test socket for .receive(), got Object {"a":1}.',
    )
  })

  it("tells to await socket() when the subject is its promise", () => {
    const pending = socket("pull")
    expect(() => expect(pending).to.receive([1])).to.throw(
      InvalidSubjectError,
      "It is a promise: await socket(…) first.",
    )
    return pending
  })

  it("rejects an expected message that is not a list of frames", async () => {
    const { pull } = await pushPull()
    expect(() => expect(pull).to.receive("pong" as never)).to.throw(
      UsageError,
      'zmq-harness: expected receive() to get the expected message as a list of frames, e.g. [["pong", 1]], got string "pong".',
    )
  })
})

describe("chai receiveNothing", () => {
  it("passes when nothing arrives in the window", async () => {
    const { pull } = await pushPull()
    const started = performance.now()
    await expect(pull).to.receiveNothing({ timeout: 40 })
    expect(performance.now() - started).to.be.at.least(35)
  })

  it("fails showing the message that did arrive", async () => {
    const { push, pull } = await pushPull()
    await push.send(["surprise"])
    const err = await rejection(() => expect(pull).to.receiveNothing({ timeout: 500 }))
    expect(err.name).to.equal("AssertionError")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: expected nothing on pull socket \\(bind tcp://127\\.0\\.0\\.1:\\d+\\) for 500 ms, got \\[\\["surprise"\\]\\] after \\d+ ms\\.`,
      ),
    )
  })

  it("refuses .not", async () => {
    const { pull } = await pushPull()
    expect(() => expect(pull).not.to.receiveNothing()).to.throw(
      UsageError,
      "got .not.receiveNothing()",
    )
  })

  it("throws InvalidSubjectError on a raw zeromq socket, saying why", async () => {
    const { pull } = await pushPull()
    expect(() => expect(pull.raw).to.receiveNothing()).to.throw(
      InvalidSubjectError,
      "A raw zeromq.js socket has no transcript or bounds: make it with socket(type, options) from zmq-harness.",
    )
  })
})
