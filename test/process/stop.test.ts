import { expect } from "chai"
import * as path from "node:path"
import { socket, startProcess, type ProcessHandle } from "../../lib"
import { isRunning } from "./running"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)

describe("stopping a process @process", () => {
  it("sends SIGTERM by default", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], { ready: /listening/ })
    expect(await proc.stop()).to.deep.equal({ code: null, signal: "SIGTERM" })
    expect(await proc.exited).to.deep.equal({ code: null, signal: "SIGTERM" })
  })

  it("sends the signal of { signal }", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], {
      ready: /listening/,
      stop: { signal: "SIGINT" },
    })
    expect(await proc.stop()).to.deep.equal({ code: 0, signal: null })
    expect(proc.stdout).to.match(/SIGINT: bye\n/)
  })

  it("sends a stop message through a test socket with { send }", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47607", timeout: 3000 })
    const proc = await startProcess("node", [fixture("pong.js"), "--port", "47607"], {
      ready: /listening/,
      stop: { send: [req, ["plzdiekthxbye", null]] },
    })
    expect(await proc.stop()).to.deep.equal({ code: 0, signal: null })
    expect(proc.stdout).to.equal("listening on tcp://127.0.0.1:47607\nbye\n")
  })

  it("calls a stop function with the handle", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], {
      ready: /listening/,
      stop: (p) => p.kill("SIGINT"),
    })
    expect(await proc.stop()).to.deep.equal({ code: 0, signal: null })
  })

  it("kills with SIGKILL after the grace period when the process ignores the signal", async () => {
    const proc = await startProcess("node", [fixture("stubborn.js")], {
      ready: /ignoring signals/,
      grace: 100,
    })
    const started = performance.now()
    expect(await proc.stop()).to.deep.equal({ code: null, signal: "SIGKILL" })
    expect(performance.now() - started).to.be.within(90, 1000)
    expect(proc.stdout).to.include("ignoring SIGTERM")
  })

  it("is idempotent: every call returns the same promise", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], { ready: /listening/ })
    const first = proc.stop()
    expect(proc.stop()).to.equal(first)
    await first
    expect(proc.kill()).to.equal(false)
  })

  it("kills the grandchildren the process left behind", async () => {
    const proc = await startProcess("node", [fixture("parent.js")], { ready: /tree \d+ \d+/ })
    const [, , grandchild] = await proc.waitForOutput(/tree (\d+) (\d+)/)
    expect(isRunning(Number(grandchild))).to.equal(true)
    await proc.stop()
    expect(isRunning(proc.pid)).to.equal(false)
    expect(isRunning(Number(grandchild))).to.equal(false)
  })

  it("stops a paused process", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], {
      ready: /listening/,
      grace: 1000,
    })
    proc.pause()
    expect(proc.describe()).to.match(/: paused for \d+ ms/)
    expect(await proc.stop()).to.deep.equal({ code: null, signal: "SIGTERM" })
  })

  it("pause() freezes the process and resume() lets it answer", async () => {
    const proc = await startProcess("node", [fixture("pong.js")], { ready: /listening on (\S+)/ })
    const [, endpoint] = await proc.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, timeout: 3000 })
    proc.pause()
    await req.send(["ping", 1])
    await expect(req).to.receiveNothing({ timeout: 100 })
    proc.resume()
    expect(await req.recv()).to.deep.equal([["pong", 1]])
  })

  describe("at the end of a test", () => {
    let left: ProcessHandle
    it("(starts a process and leaves it running)", async () => {
      left = await startProcess("node", [fixture("pong.js")], { ready: /listening/ })
    })
    it("stopped the process the previous test left running", async () => {
      expect(left.running).to.equal(false)
      expect(isRunning(left.pid)).to.equal(false)
      expect(await left.exited).to.deep.equal({ code: null, signal: "SIGTERM" })
    })
  })

  it("await using stops it at the end of the block", async () => {
    let pid: number
    {
      await using proc = await startProcess("node", [fixture("pong.js")], { ready: /listening/ })
      pid = proc.pid
    }
    expect(isRunning(pid)).to.equal(false)
  })
})
