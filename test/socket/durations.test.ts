import { expect } from "chai"
import * as path from "node:path"
import { socket, UsageError, type TestSocket } from "../../lib"
import { rejection } from "../helpers/rejection"

const BAD = [-1, NaN, Infinity, 1e12]

describe("per-call durations of a test socket", () => {
  const calls: [string, (sock: TestSocket, timeout: number) => Promise<unknown>][] = [
    ["recv({ timeout })", (sock, timeout) => sock.recv({ timeout })],
    ["sendFrames({ timeout })", (sock, timeout) => sock.sendFrames(["x"], { timeout })],
    ["connected({ timeout })", (sock, timeout) => sock.connected({ timeout })],
    ["subscribed(topic, { timeout })", (sock, timeout) => sock.subscribed("news", { timeout })],
  ]
  for (const [option, call] of calls) {
    for (const value of BAD) {
      it(`refuses ${option} of ${value} at once, naming the option`, async () => {
        const sock = await socket("xpub", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
        const started = performance.now()
        const err = await rejection(() => call(sock, value))
        expect(performance.now() - started).to.be.below(500)
        expect(err).to.be.instanceOf(UsageError)
        expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
        expect(err.message).to.include(`\`${option}\``)
        const frame = err.stack!.split("\n").find((l) => /^\s+at /.test(l))
        expect(frame).to.include(`${path.sep}durations.test.ts:`)
      })
    }
  }

  it("refuses a bad default bound set on the socket", async () => {
    const sock = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    expect(() => (sock.timeout = -1)).to.throw(UsageError, "`sock.timeout`")
    expect(sock.timeout).to.equal(1000)
  })

  it("types recv({ json: false }) as Buffer frames", async () => {
    const pull = await socket("pull", { bind: "inproc://durations-json" })
    const push = await socket("push", { connect: "inproc://durations-json" })
    await push.sendFrames(["a", "b"])
    const frames: Buffer[] = await pull.recv({ json: false }) // a type error before the overload
    expect(frames.map((f) => f.toString())).to.deep.equal(["a", "b"])
  })
})
