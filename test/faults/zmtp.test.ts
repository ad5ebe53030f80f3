import { expect } from "chai"
import { ZmtpReader, type ZmtpUnit } from "../../lib/faults/zmtp"

function greeting(mechanism: string, minor = 0): Buffer {
  const g = Buffer.alloc(64)
  g[0] = 0xff
  g[9] = 0x7f
  g[10] = 3
  g[11] = minor
  g.write(mechanism, 12, "latin1")
  return g
}

function frame(body: Buffer | string, flags = 0): Buffer {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body)
  if (b.length > 255) {
    const head = Buffer.alloc(9)
    head[0] = flags | 0x02
    head.writeBigUInt64BE(BigInt(b.length), 1)
    return Buffer.concat([head, b])
  }
  return Buffer.concat([Buffer.from([flags, b.length]), b])
}

function ready(socketType: string): Buffer {
  const name = Buffer.from("Socket-Type")
  const value = Buffer.from(socketType)
  const size = Buffer.alloc(4)
  size.writeUInt32BE(value.length)
  const body = Buffer.concat([
    Buffer.from([5]),
    Buffer.from("READY"),
    Buffer.from([name.length]),
    name,
    size,
    value,
  ])
  return frame(body, 0x04)
}

const MORE = 0x01

/** The units as kinds and texts, for comparing. */
function shown(units: ZmtpUnit[]): string[] {
  return units
    .filter((u) => u.kind !== "bytes")
    .map((u) =>
      u.kind === "command" ? `command ${u.name}` : `message ${u.frames.map(String).join("|")}`,
    )
}

describe("ZMTP reader of the fault link", () => {
  const stream = Buffer.concat([
    greeting("NULL"),
    ready("DEALER"),
    frame("a", MORE),
    frame("b".repeat(300), MORE),
    frame("c"),
    frame("single"),
  ])
  const expected = ["command READY", `message a|${"b".repeat(300)}|c`, "message single"]

  it("cuts a NULL stream into commands and whole multi-part messages (long frames too)", () => {
    const reader = new ZmtpReader()
    expect(shown(reader.push(stream))).to.deep.equal(expected)
    expect(reader.mechanism).to.equal("NULL")
    expect(reader.socketType).to.equal("DEALER")
  })

  it("gives the same units when the bytes come one at a time, and the raw bytes add up", () => {
    const reader = new ZmtpReader()
    const units: ZmtpUnit[] = []
    for (let i = 0; i < stream.length; i++) units.push(...reader.push(stream.subarray(i, i + 1)))
    expect(shown(units)).to.deep.equal(expected)
    expect(Buffer.concat(units.map((u) => u.raw)).equals(stream)).to.equal(true)
  })

  it("reads a ZMTP 3.0 sub's one-frame subscriptions as commands", () => {
    const reader = new ZmtpReader()
    const sub = Buffer.concat([
      greeting("NULL"),
      ready("SUB"),
      frame("\x01news"),
      frame("\x00news"),
    ])
    expect(shown(reader.push(sub))).to.deep.equal([
      "command READY",
      "command SUBSCRIBE",
      "command CANCEL",
    ])
  })

  it("passes a CURVE stream as opaque bytes", () => {
    const reader = new ZmtpReader()
    const units = reader.push(Buffer.concat([greeting("CURVE"), frame("HELLO…", 0x04), frame("x")]))
    expect(reader.readable).to.equal(false)
    expect(reader.mechanism).to.equal("CURVE")
    expect(units.every((u) => u.kind === "bytes")).to.equal(true)
  })
})
