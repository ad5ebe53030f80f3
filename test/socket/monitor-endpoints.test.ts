import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { socket } from "../../lib"

describe("socket monitor endpoints", () => {
  // Regression: zeromq.js names a monitor's endpoint after its observer's memory address. A
  // socket connected to an inproc name nobody binds is never destroyed, so its monitor endpoint
  // stayed bound; once its observer was collected, a new socket whose observer got the same
  // address failed with a raw "Address already in use". Run in a child with --expose-gc.
  it("never collide, across garbage collections, with those of sockets that never ended", function () {
    this.timeout(60000)
    const fixture = path.join(__dirname, "../fixtures/sockets/never-ended.ts")
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", "-r", "ts-node/register/transpile-only", fixture],
      { encoding: "utf8", timeout: 50000 },
    )
    expect(run.stderr).to.equal("")
    expect(run.stdout).to.equal("made 81 sockets\n")
    expect(run.status).to.equal(0)
  })

  // inproc emits no events and needs no listener wait: its sockets are made and closed
  // without an observer (two zmq sockets and an event loop fewer).
  it("are not made for a socket with only inproc endpoints", async () => {
    const pull = await socket("pull", { bind: "inproc://no-monitor" })
    const push = await socket("push", { connect: "inproc://no-monitor" })
    await push.connected()
    await push.send(["x"])
    await pull.recv()
    await push.close()
    await pull.close()
    expect(push.monitorStopped).to.equal(undefined)
    expect(pull.monitorStopped).to.equal(undefined)
    const tcp = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    await tcp.close()
    expect(tcp.monitorStopped).to.be.instanceOf(Promise)
  })
})
