// Frame matchers under { json: false } in JavaScript: zurl's "J"-prefixed
// JSON frames, matched as the Buffers recv() returns.
const { expect } = require("chai")
const sinon = require("sinon")
const { socket, startProcess } = require("zmq-harness")

const j = (value) => Buffer.from(`J${JSON.stringify(value)}`)
const parseJ = (frame) => JSON.parse(frame.subarray(1).toString())

describe("zurl-style J frames @process", () => {
  it("answers with a Buffer frame", async () => {
    const zurl = await startProcess("node", ["dist/zurl.js"], { ready: /zurl req/ })
    const [, endpoint] = await zurl.waitForOutput(/zurl req (\S+)/)
    const req = await socket("req", { connect: endpoint })
    await req.sendFrames([j({ id: "1", method: "GET", uri: "http://example.test/" })])
    const [frame] = await expect(req).to.receive([sinon.match.instanceOf(Buffer)], { json: false })
    expect(parseJ(frame)).to.include({ id: "1", code: 200 })

    await req.sendFrames([j({ id: "2", method: "GET", uri: "http://example.test/b" })])
    await expect(req).to.receive(
      [sinon.match((f) => f[0] === 0x4a && parseJ(f).id === "2", "a J response to request 2")],
      { json: false },
    )
  })
})
