import { expect } from "chai"
import * as zmq from "zeromq"
import {
  explore,
  ExploreFailedError,
  faultyLink,
  peer,
  socket,
  UnreadableStreamError,
  UsageError,
} from "../../lib"
import { rejection } from "../helpers/rejection"

describe("explore() and the harness's own traffic", function () {
  this.timeout(30_000)

  it("holds no handshake and no subscription: an XPUB sees the SUB's subscription before any release", async () => {
    await explore({ runs: 1, seed: 1 }, async (run) => {
      const xpub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
      const link = await faultyLink({ target: xpub.endpoint, schedule: run })
      const sub = await socket("sub", { connect: link.endpoint, subscribe: "news" })
      await sub.connected()
      await xpub.subscribed("news")
      expect(link.stats.upstream.messages).to.equal(0)
      await xpub.sendFrames(["news", "1"])
      await expect(sub).to.receive(["news", 1])
    })
  })

  it("never holds a heartbeat: a connection with a 150 ms heartbeat timeout lives while a message waits 600 ms", async () => {
    await explore({ runs: 1, seed: 1, quiet: 600 }, async (run) => {
      const heartbeat = { heartbeatInterval: 40, heartbeatTimeout: 150, heartbeatTimeToLive: 150 }
      const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", ...heartbeat })
      const link = await faultyLink({ target: rep.endpoint, schedule: run })
      const req = await socket("req", { connect: link.endpoint, timeout: 3000, ...heartbeat })
      await req.connected()
      const started = performance.now()
      await req.send(["ping"])
      await expect(rep).to.receive([["ping"]], { timeout: 3000 })
      expect(performance.now() - started).to.be.at.least(590)
      await rep.send(["pong"])
      await expect(req).to.receive([["pong"]], { timeout: 3000 })
      const events = link.transcript.filter((e) => e.direction === "event").map((e) => e.event)
      expect(events).to.deep.equal(["connect"]) // no disconnect, no second connection
    })
  })

  it("composes with a mock peer behind a scheduled link", async () => {
    const result = await explore({ runs: 4, seed: 1 }, async (run) => {
      const rep = await peer("rep", { bind: "tcp://127.0.0.1:*" })
      rep
        .on([["ping"]])
        .reply([["pong"]])
        .times(2)
      const link = await faultyLink({ target: rep.endpoint, schedule: run, name: "to the peer" })
      const req = await socket("req", { connect: link.endpoint })
      for (let i = 0; i < 2; i++) {
        await req.send(["ping"])
        await expect(req).to.receive([["pong"]])
      }
      await rep.done()
    })
    expect(result).to.deep.include({ runs: 4, orders: 1 }) // a REQ has one order only
  })

  it("fails a run on a CURVE stream, which it cannot cut into messages", async () => {
    const err = await rejection(() =>
      explore({ runs: 1, seed: 1, shrinks: 0 }, async (run) => {
        const server = zmq.curveKeyPair()
        const client = zmq.curveKeyPair()
        const rep = await socket("rep", {
          bind: "tcp://127.0.0.1:*",
          curveServer: true,
          curveSecretKey: server.secretKey,
        })
        const link = await faultyLink({ target: rep.endpoint, schedule: run })
        const req = await socket("req", {
          connect: link.endpoint,
          curveServerKey: server.publicKey,
          curvePublicKey: client.publicKey,
          curveSecretKey: client.secretKey,
        })
        await req.send(["secret"])
        await rep.recv({ timeout: 2000 })
      }),
    )
    const cause = (err as ExploreFailedError).cause
    expect(cause).to.be.instanceOf(UnreadableStreamError)
    expect((cause as Error).message).to.include(
      "for `schedule (explore)`, got a connection using CURVE (its frames are encrypted)",
    )
  })

  it("refuses reorder() on a scheduled link: the run decides the order", async () => {
    await explore({ runs: 1, seed: 1 }, async (run) => {
      const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
      const link = await faultyLink({ target: rep.endpoint, schedule: run })
      let err: unknown
      try {
        link.reorder({ every: 2 })
      } catch (e) {
        err = e
      }
      expect(err).to.be.instanceOf(UsageError)
      expect((err as Error).message).to.include("whose order the explore() run decides")
    })
  })
})
