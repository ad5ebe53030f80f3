import { expect } from "chai"
import * as sinon from "sinon"
import { peer, socket, type TestSocket } from "../../lib"
import { rejection } from "../helpers/rejection"

// A frame matcher sees exactly what recv() with the same options returns (DESIGN.md,
// "Compatibility"): under `json: false`, Buffers. The user code below passed on 0.1.0; it came
// from mongrel2's tnetstring control port and zurl's "J"-prefixed JSON frames.

/** A tnetstring's payload ("5:hello," is "hello"), parsed from the Buffer as mongrel2 sends it. */
function tnetPayload(frame: Buffer): string {
  const colon = frame.indexOf(0x3a)
  const length = Number(frame.subarray(0, colon).toString("latin1"))
  return frame.subarray(colon + 1, colon + 1 + length).toString("utf8")
}

/** zurl's framing: a "J" byte, then JSON. */
function zurlBody(frame: Buffer): { id?: string } {
  if (frame[0] !== 0x4a) throw new Error("not a J frame")
  return JSON.parse(frame.subarray(1).toString("utf8")) as { id?: string }
}

async function pushPull(json?: false): Promise<{ push: TestSocket; pull: TestSocket }> {
  const pull = await socket("pull", {
    bind: "tcp://127.0.0.1:*",
    ...(json === false ? { json } : {}),
  })
  const push = await socket("push", { connect: pull.endpoint })
  return { push, pull }
}

describe("compat 0.1.0: frame matchers under json: false see Buffers", () => {
  it("receive([sinon.match.instanceOf(Buffer)], { json: false }) passes on a text frame", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["5:hello,"])
    const [frame] = (await expect(pull).to.receive([sinon.match.instanceOf(Buffer)], {
      json: false,
    })) as Buffer[]
    expect(tnetPayload(frame)).to.equal("hello")
  })

  it("a sinon.match(fn) that parses the Buffer: mongrel2's tnetstrings, zurl's J frames", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["5:hello,"])
    await expect(pull).to.receive([sinon.match((f: Buffer) => tnetPayload(f) === "hello")], {
      json: false,
    })
    await push.sendFrames(['J{"id":"1"}'])
    await expect(pull).to.receive([sinon.match((f: Buffer) => zurlBody(f).id === "1")], {
      json: false,
    })
  })

  it("the socket's own json: false does the same", async () => {
    const { push, pull } = await pushPull(false)
    await push.sendFrames(['J{"id":"2"}'])
    await expect(pull).to.receive([sinon.match((f: Buffer) => zurlBody(f).id === "2")])
  })

  it("a failure shows the frames as the matcher saw them: Buffers", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(['J{"id":"3"}'])
    const err = await rejection(() =>
      expect(pull).to.receive([sinon.match((f: Buffer) => zurlBody(f).id === "4", "id 4")], {
        json: false,
      }),
    )
    expect(err.message.split("\n")[1]).to.equal(
      'First difference: frame 0: expected <id 4>, got <Buffer "J{\\"id\\":\\"3\\"}">.',
    )
    expect((err as { actual?: unknown }).actual).to.deep.equal(['<Buffer "J{\\"id\\":\\"3\\"}">'])
  })

  it("under the default json option, a header frame is a Buffer to a matcher too (and text for text matchers)", async () => {
    const { push, pull } = await pushPull()
    await push.sendFrames(["client-1", '["hi"]'])
    await expect(pull).to.receive([sinon.match.instanceOf(Buffer), ["hi"]])
    await push.sendFrames(["client-1", '["hi"]'])
    await expect(pull).to.receive([sinon.match(/^client-\d$/), ["hi"]])
  })

  it("a mock peer with json: false matches .on() and have.received with Buffers", async () => {
    const control = await peer("rep", { bind: "tcp://127.0.0.1:*", json: false })
    control.on([sinon.match((f: Buffer) => tnetPayload(f) === "status")]).reply(["6:online,"])
    const req = await socket("req", { connect: control.endpoint, json: false })
    await req.sendFrames(["6:status,"])
    await expect(req).to.receive([sinon.match((f: Buffer) => tnetPayload(f) === "online")])
    expect(control).to.have.received([sinon.match.instanceOf(Buffer)])
    await control.done()
  })
})
