import { expect } from "chai"
import * as os from "node:os"
import * as path from "node:path"
import { faultyLink, socket } from "../../lib"

let n = 0
const ipcPath = () => path.join(os.tmpdir(), `zmq-harness-link-target-${process.pid}-${++n}.sock`)

describe("faultyLink across patterns and transports", () => {
  it("forwards to an ipc target", async () => {
    const rep = await socket("rep", { bind: `ipc://${ipcPath()}` })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint })
    await req.send(["over ipc"])
    await expect(rep).to.receive([["over ipc"]])
    await rep.send(["back"])
    await expect(req).to.receive([["back"]])
  })

  it("drops a dealer's multi-part messages whole, and a router's replies too", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: router.endpoint })
    const dealer = await socket("dealer", { connect: link.endpoint, routingId: "d1", json: false })
    await dealer.connected()
    link.drop({ match: "drop me" })
    await dealer.sendFrames(["a", "drop me", "c"])
    await dealer.sendFrames(["a", "keep me", "c"])
    await expect(router).to.receive(["d1", "a", "keep me", "c"])
    await router.sendFrames(["d1", "x", "drop me"])
    await router.sendFrames(["d1", "y", "kept"])
    await expect(dealer).to.receive(["y", "kept"])
    await expect(dealer).to.receiveNothing({ timeout: 100 })
    expect(link.stats.faults.dropped).to.equal(2)
    expect(link.stats.upstream.messages).to.equal(2)
    expect(link.stats.downstream.messages).to.equal(2)
  })

  it("passes a sub's subscriptions untouched while dropping every message from it", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pub.endpoint })
    // Every message from the sub's side; subscriptions are commands (SUBSCRIBE in ZMTP 3.1), never hit.
    link.drop({ direction: "upstream" })
    const sub = await socket("sub", { connect: link.endpoint, subscribe: "news", json: false })
    await pub.subscribed("news", { timeout: 3000 })
    await pub.sendFrames(["news", "today"])
    await expect(sub).to.receive(["news", "today"])
    expect(link.stats.faults.dropped).to.equal(0)
    expect(link.stats.upstream.messages).to.equal(0)
    const subscribed = link.transcript.find((e) => e.note === "SUBSCRIBE command")
    expect(subscribed).to.deep.include({ direction: "upstream", frames: [Buffer.from("news")] })
  })

  it("delays a publisher's messages to its subscriber", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pub.endpoint })
    const sub = await socket("sub", { connect: link.endpoint, subscribe: "t", json: false })
    await pub.subscribed("t", { timeout: 3000 })
    link.delay(80, { direction: "downstream" })
    const start = performance.now()
    await pub.sendFrames(["t", "late"])
    await expect(sub).to.receive(["t", "late"])
    expect(performance.now() - start).to.be.at.least(79)
  })

  it("drops push messages by a seeded probability, the same ones on every run", async () => {
    const runs: string[][] = []
    for (let run = 0; run < 2; run++) {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const link = await faultyLink({ target: pull.endpoint, seed: 99 })
      const push = await socket("push", { connect: link.endpoint })
      await push.connected()
      link.drop({ probability: 0.5 })
      for (let i = 0; i < 20; i++) await push.send([i])
      const kept: string[] = []
      for (let i = 0; i < 20 - link.stats.faults.dropped; i++)
        kept.push(String((await pull.recv())[0]))
      await expect(pull).to.receiveNothing({ timeout: 50 })
      runs.push(kept)
      expect(link.describe()).to.include("seed 99")
      await Promise.all([push.close(), link.close(), pull.close()])
    }
    expect(runs[0]).to.deep.equal(runs[1])
    expect(runs[0].length).to.be.within(4, 16)
  })
})
