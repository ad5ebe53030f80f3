import { expect } from "chai"
import * as net from "node:net"
import * as path from "node:path"
import { freePort, runProgram, socket } from "../../lib"
import { ephemeralRange, portsOutside } from "../../lib/ports/ephemeral-range"

/** Binds 127.0.0.1:port and closes it; rejects when it is taken. */
function bindOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()))
  })
}

describe("freePort", () => {
  it("gives a port a program can bind at once", async () => {
    const port = await freePort()
    await bindOnce(port)
    const rep = await socket("rep", { bind: `tcp://127.0.0.1:${port}` })
    expect(rep.endpoint).to.equal(`tcp://127.0.0.1:${port}`)
  })

  it("gives 50 distinct odd ports, outside the kernel's ephemeral range", async () => {
    const { low, high } = ephemeralRange()
    const ports = await Promise.all(Array.from({ length: 25 }, () => freePort()))
    for (let i = 0; i < 25; i++) ports.push(await freePort())
    expect(new Set(ports).size).to.equal(50)
    for (const port of ports) {
      expect(port % 2, String(port)).to.equal(1)
      expect(port < low || port > high, `${port} inside ${low}-${high}`).to.equal(true)
      expect(port).to.be.within(20001, 65535)
    }
  })

  it("does not give a port that is taken", async () => {
    const first = await freePort()
    // Hold the port the next call tries first (the next odd port, but at the edge of a range).
    const held = net.createServer()
    const next = await new Promise<number>((resolve, reject) => {
      held.once("error", reject)
      held.listen(first + 2, "127.0.0.1", () => resolve(first + 2))
    })
    try {
      const port = await freePort()
      expect(port).to.not.equal(next)
      expect(port).to.not.equal(first)
    } finally {
      await new Promise((resolve) => held.close(resolve))
    }
  })

  it("reads the ephemeral range of Linux, and assumes the IANA range without it", () => {
    expect(ephemeralRange("/zmqh/no/such/file")).to.deep.equal({ low: 49152, high: 65535 })
    const ports = portsOutside({ low: 32768, high: 60999 })
    expect(ports[0]).to.equal(20001)
    expect(ports).to.include(32767).and.include(61001).and.not.include(32769)
    expect(portsOutside({ low: 1024, high: 65535 })).to.have.length((65535 - 20001) / 2 + 1)
  })

  it("starts Mocha's parallel workers in different parts of the range", async function () {
    this.timeout(30_000)
    const root = path.join(__dirname, "..", "..")
    const script =
      "const { freePort } = require('./lib/ports/free-port');" +
      "(async () => { const p = []; for (let i = 0; i < 20; i++) p.push(await freePort()); console.log(p.join(' ')) })()"
    const run = (worker: string) =>
      runProgram(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: root,
        env: { MOCHA_WORKER_ID: worker },
        timeout: 20_000,
      })
    const [a, b] = await Promise.all([run("0"), run("1")])
    expect(a.stderr).to.equal("")
    const first = a.stdout.trim().split(" ").map(Number)
    const second = b.stdout.trim().split(" ").map(Number)
    expect(first).to.have.length(20)
    expect(second).to.have.length(20)
    expect(first.filter((port) => second.includes(port))).to.deep.equal([])
  })
})
