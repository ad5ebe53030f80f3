import { expect } from "chai"
import { socket } from "../../lib"
import { rejection } from "../helpers/rejection"

describe("socket transcript", () => {
  it("records every frame sent and received, oldest first, with time offsets", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const req = await socket("req", { connect: rep.endpoint })
    await req.send(["h"], { a: 1 }, [Buffer.from([7])])
    await rep.recv({ json: false })
    await rep.send("ok")
    await req.recv()
    const t = req.transcript
    expect(t.map((e) => e.direction)).to.deep.equal(["sent", "received"])
    expect(t[0].frames).to.deep.equal([Buffer.from("h"), Buffer.from('{"a":1}'), Buffer.from([7])])
    expect(t[1].frames).to.deep.equal([Buffer.from('"ok"')])
    expect(t[0].at).to.be.at.least(0)
    expect(t[1].at).to.be.at.least(t[0].at)
    expect(t.dropped).to.equal(0)
    expect(rep.transcript.map((e) => e.direction)).to.deep.equal(["received", "sent"])
  })

  it("keeps the newest entries within its cap and counts the dropped ones", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", transcript: 3 })
    const push = await socket("push", { connect: pull.endpoint })
    for (let i = 0; i < 5; i++) await push.send(i)
    for (let i = 0; i < 5; i++) await pull.recv()
    const t = pull.transcript
    expect(t.map((e) => e.frames[0].toString())).to.deep.equal(["2", "3", "4"])
    expect(t.dropped).to.equal(2)
  })

  it("keeps nothing with transcript: false, and counts everything as dropped", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", transcript: false })
    const push = await socket("push", { connect: pull.endpoint })
    await push.send(1)
    await pull.recv()
    expect(pull.transcript).to.have.length(0)
    expect(pull.transcript.dropped).to.equal(1)
  })

  it("is shown in a timeout error, newest last, with how many were left out", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", transcript: 2 })
    const push = await socket("push", { connect: pull.endpoint })
    for (const word of ["one", "two", "three"]) await push.sendFrames([word])
    for (let i = 0; i < 3; i++) await pull.recv({ json: false })
    const err = await rejection(() => pull.recv({ timeout: 10 }))
    const text = err.message.slice(err.message.indexOf("Transcript of"))
    expect(text.replace(/ +\+\d+\.\dms/g, " +T")).to.equal(
      `Transcript of ${pull.name} (last 2 of 3 messages):\n` +
        ` +T  received  ["two"]\n` +
        ` +T  received  ["three"]`,
    )
  })

  it("renders binary frames as hex", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const push = await socket("push", { connect: pull.endpoint })
    await push.sendFrames([Buffer.from([0, 1, 255])])
    await pull.recv({ json: false })
    const err = await rejection(() => pull.recv({ timeout: 10 }))
    expect(err.message).to.match(/received {2}\[<3 bytes: 00 01 ff>\]$/)
  })
})
