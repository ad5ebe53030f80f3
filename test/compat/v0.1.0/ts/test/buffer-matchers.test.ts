// Frame matchers under { json: false }, as users wrote them with v0.1.0 for
// protocols whose frames are not JSON: a tnetstring control port in the
// manner of mongrel2's, and zurl's "J"-prefixed JSON. v0.1.0's matchers saw
// each frame as recv() with the same options returns it: a Buffer.
import { expect } from "chai"
import sinon from "sinon"
import { socket, startProcess } from "zmq-harness"

/** Parses one tnetstring (https://tnetstrings.info); enough of it for the control port. */
function parseTnetstring(frame: Buffer): unknown {
  const parse = (text: string): [unknown, string] => {
    const colon = text.indexOf(":")
    const length = Number(text.slice(0, colon))
    const data = text.slice(colon + 1, colon + 1 + length)
    const type = text[colon + 1 + length]
    const rest = text.slice(colon + 2 + length)
    const items = (s: string): unknown[] => {
      const out: unknown[] = []
      while (s.length) {
        const [v, r] = parse(s)
        out.push(v)
        s = r
      }
      return out
    }
    if (type === ",") return [data, rest]
    if (type === "#") return [Number(data), rest]
    if (type === "~") return [null, rest]
    if (type === "]") return [items(data), rest]
    if (type === "}") {
      const flat = items(data)
      const dict: Record<string, unknown> = {}
      for (let i = 0; i < flat.length; i += 2) dict[String(flat[i])] = flat[i + 1]
      return [dict, rest]
    }
    throw new Error(`not a tnetstring: ${text}`)
  }
  return parse(frame.toString("utf8"))[0]
}

/** A control command, `[name, {}]`, as a tnetstring. */
function command(name: string): string {
  const inner = `${name.length}:${name},0:}`
  return `${inner.length}:${inner}]`
}

describe("mongrel2-style control port @process", () => {
  let req: Awaited<ReturnType<typeof socket>>

  beforeEach(async () => {
    const control = await startProcess("node", ["dist/control.js"], { ready: /control port/ })
    const [, endpoint] = await control.waitForOutput(/control port (\S+)/)
    req = await socket("req", { connect: endpoint })
  })

  it("answers with a Buffer frame", async () => {
    await req.sendFrames([command("status")])
    const [reply] = await expect(req).to.receive([sinon.match.instanceOf(Buffer)], { json: false })
    expect(parseTnetstring(reply as Buffer)).to.deep.equal({ headers: ["id", "state"], rows: [[1, "running"]] })
  })

  it("answers time with one row", async () => {
    await req.sendFrames([command("time")])
    await expect(req).to.receive(
      [sinon.match((frame: Buffer) => {
        const reply = parseTnetstring(frame) as { headers: string[]; rows: number[][] }
        return reply.headers[0] === "time" && reply.rows.length === 1
      }, "a tnetstring time reply")],
      { json: false },
    )
  })

  it("gives recv() the same Buffers", async () => {
    await req.sendFrames([command("nope")])
    const [frame] = await req.recv({ json: false })
    expect(Buffer.isBuffer(frame)).to.equal(true)
    expect(parseTnetstring(frame as Buffer)).to.have.property("code", "INVALID_COMMAND")
  })
})

describe("zurl-style J frames @process", () => {
  const j = (value: unknown) => Buffer.from(`J${JSON.stringify(value)}`)
  const parseJ = (frame: Buffer) => JSON.parse(frame.subarray(1).toString())

  it("answers a GET with its id", async () => {
    const zurl = await startProcess("node", ["dist/zurl.js"], { ready: /zurl req/ })
    const [, endpoint] = await zurl.waitForOutput(/zurl req (\S+)/)
    const req = await socket("req", { connect: endpoint })
    await req.sendFrames([j({ id: "1", method: "GET", uri: "http://example.test/" })])
    await expect(req).to.receive(
      [sinon.match((frame: Buffer) => frame[0] === 0x4a && parseJ(frame).id === "1" && parseJ(frame).code === 200)],
      { json: false },
    )
  })

  it("matches a J frame deep inside a pull socket's message", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const push = await socket("push", { connect: pull.endpoint })
    await push.sendFrames(["zurl", j({ id: "2", code: 404 })])
    await expect(pull).to.receive(
      ["zurl", sinon.match((frame: Buffer) => Buffer.isBuffer(frame) && parseJ(frame).code === 404)],
      { json: false },
    )
  })
})
