import { expect } from "chai"
import * as net from "node:net"
import { faultyLink, socket, type FaultyLink } from "../../lib"

/** Counts of Node handles a link may hold: servers, sockets, timers. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {
    TCPServerWrap: 0,
    TCPSocketWrap: 0,
    PipeServerWrap: 0,
    PipeWrap: 0,
    Timeout: 0,
  }
  for (const name of process.getActiveResourcesInfo()) if (name in counts) counts[name]++
  return counts
}

/** Resolves with the error code of a connection attempt to `endpoint` (tcp), or "connected". */
function tryConnect(endpoint: string): Promise<string> {
  const [, host, port] = /^tcp:\/\/(.+):(\d+)$/.exec(endpoint)!
  return new Promise((resolve) => {
    const s = net.connect({ host, port: Number(port) })
    s.once("connect", () => {
      s.destroy()
      resolve("connected")
    })
    s.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
  })
}

describe("faultyLink lifetime", () => {
  let before: Record<string, number>
  let left: FaultyLink | undefined

  it("is open during the test that made it (with delayed bytes waiting on a timer)", async () => {
    before = handles()
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    left = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: left.endpoint })
    await push.connected()
    left.delay(60_000).drop({ probability: 0.5, seed: 1 }).reorder({ every: 1 })
    await push.send(["held for a minute"])
    expect(await tryConnect(left.endpoint)).to.equal("connected")
    expect(handles().TCPServerWrap).to.equal(before.TCPServerWrap + 1)
  })

  it("is closed at that test's end: port released, no server, socket or timer left", async () => {
    const now = handles()
    expect(left!.stats.connections.open).to.equal(0)
    expect(await tryConnect(left!.endpoint)).to.equal("ECONNREFUSED")
    expect(now.TCPServerWrap).to.equal(before.TCPServerWrap)
    expect(now.TCPSocketWrap).to.equal(before.TCPSocketWrap)
    expect(now.Timeout).to.be.at.most(before.Timeout)
    expect(left!.describe()).to.match(/; closed$/)
  })

  it("listens on an ipc path, and removes it when closed", async () => {
    const path = `/tmp/zmq-harness-link-${process.pid}.sock`
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint, listen: `ipc://${path}` })
    expect(link.endpoint).to.equal(`ipc://${path}`)
    const req = await socket("req", { connect: link.endpoint })
    await req.send(["over ipc"])
    await expect(rep).to.receive([["over ipc"]])
    await link.close()
    const { existsSync } = await import("node:fs")
    expect(existsSync(path)).to.equal(false)
  })
})
