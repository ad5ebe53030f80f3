import { expect } from "chai"
import { JsonDecodeError, socket, UsageError, type TestSocket } from "../../lib"
import { rejection } from "../helpers/rejection"

/** A Jupyter wire-protocol message: identity, delimiter, signature, then four JSON frames. */
const header = { msg_id: "1", msg_type: "execute_request" }
const jupyter = [
  Buffer.from([0, 1, 2, 3]),
  "<IDS|MSG>",
  "abc123",
  JSON.stringify(header),
  "{}",
  "{}",
  JSON.stringify({ code: "1+1" }),
]
const decoded = [
  Buffer.from([0, 1, 2, 3]),
  Buffer.from("<IDS|MSG>"),
  Buffer.from("abc123"),
  header,
  {},
  {},
  { code: "1+1" },
]

async function pushPull(json?: unknown): Promise<{ push: TestSocket; pull: TestSocket }> {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: json as never })
  const push = await socket("push", { connect: pull.endpoint })
  return { push, pull }
}

describe("several JSON frames", () => {
  it("decodes a list of indexes, negative from the end (socket option)", async () => {
    const { push, pull } = await pushPull([-4, -3, -2, -1])
    await push.sendFrames(jupyter)
    expect(await pull.recv()).to.deep.equal(decoded)
  })

  it("decodes a list of indexes given to recv, and to receive", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(jupyter)
    expect(await pull.recv({ json: [3, 4, 5, 6] })).to.deep.equal(decoded)
    await push.sendFrames(jupyter)
    await expect(pull).to.receive(
      [Buffer.from([0, 1, 2, 3]), "<IDS|MSG>", "abc123", header, {}, {}, { code: "1+1" }],
      { json: [-4, -3, -2, -1] },
    )
  })

  it("decodes the frames a predicate picks", async () => {
    const afterSignature = (_f: Buffer, i: number, frames: readonly Buffer[]) =>
      i > frames.findIndex((f) => f.toString() === "<IDS|MSG>") + 1
    const { push, pull } = await pushPull(afterSignature)
    await push.sendFrames(jupyter)
    expect(await pull.recv()).to.deep.equal(decoded)
    await push.sendFrames(["a", "[1]"])
    expect(await pull.recv({ json: (f: Buffer) => f[0] === 0x5b })).to.deep.equal([
      Buffer.from("a"),
      [1],
    ])
  })

  it("decodes nothing for an empty list", async () => {
    const { push, pull } = await pushPull([])
    await push.sendFrames(["x", "[1]"])
    expect(await pull.recv()).to.deep.equal([Buffer.from("x"), Buffer.from("[1]")])
  })

  it("names the index of a frame that is not JSON", async () => {
    const { push, pull } = await pushPull([-4, -3, -2, -1])
    const broken = [...jupyter]
    broken[5] = "not json"
    await push.sendFrames(broken)
    const err = await rejection(() => pull.recv())
    expect(err).to.be.instanceOf(JsonDecodeError)
    expect(err.code).to.equal("ERR_ZMQH_JSON")
    expect(err.message).to.equal(
      `zmq-harness: expected frame 5 of the message on ${pull.name} to be JSON, got "not json". ` +
        "Receive it with `{ json: false }` to get the raw frames, or choose the JSON frame with `json: <index>`.",
    )
  })

  it("names an index past the message", async () => {
    const { push, pull } = await pushPull([0, 2])
    await push.sendFrames(["[1]", "[2]"])
    const err = await rejection(() => pull.recv())
    expect(err).to.be.instanceOf(JsonDecodeError)
    expect(err.message).to.match(
      /^zmq-harness: expected frame 2 of the message on .* to be JSON, got a message of 2 frame\(s\): \[\[1\], \[2\]\]\./,
    )
  })

  for (const [label, bad] of [
    ["a list with a non-integer", [1, 1.5]],
    ["a string", "last"],
    ["true", true],
  ] as const) {
    it(`refuses ${label} as json, in socket() and in receive()`, async () => {
      const err = await rejection(() => socket("pull", { json: bad as never }))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.message).to.match(/^zmq-harness: expected `json` to be a frame index/)
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const err2 = await rejection(() => expect(pull).to.receive([], { json: bad as never }))
      expect(err2).to.be.instanceOf(UsageError)
      expect(err2.message).to.match(
        /^zmq-harness: expected `receive\({ json }\)` to be a frame index/,
      )
    })
  }
})

describe("json given to recv", () => {
  it("refuses a list with a non-integer with a UsageError", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["[1]"])
    const err = await rejection(() => pull.recv({ json: [0.5] }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.match(/^zmq-harness: expected `json` to be a frame index/)
  })
})
