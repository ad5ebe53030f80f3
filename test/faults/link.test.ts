import { expect } from "chai"
import * as zmq from "zeromq"
import { faultyLink, socket } from "../../lib"
import { rejection } from "../helpers/rejection"
import { EventLog, timed } from "./helpers"

describe("faultyLink", () => {
  it("forwards request/reply both ways and counts what passed", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    expect(link.endpoint).to.match(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    const req = await socket("req", { connect: link.endpoint })
    for (let i = 0; i < 3; i++) {
      await req.send(["ping", i])
      await expect(rep).to.receive([["ping", i]])
      await rep.send(["pong", i])
      await expect(req).to.receive([["pong", i]])
    }
    const stats = link.stats
    expect(stats.upstream.messages).to.equal(3)
    expect(stats.downstream.messages).to.equal(3)
    expect(stats.upstream.bytes).to.be.greaterThan(64) // the greeting and more
    expect(stats.connections).to.deep.include({ accepted: 1, open: 1, refused: 0 })
  })

  it("delay(100) makes a round trip take at least 200 ms", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint, timeout: 5000 })
    await req.connected()
    link.delay(100)
    const ms = await timed(async () => {
      await req.send(["ping"])
      await expect(rep).to.receive([["ping"]])
      await rep.send(["pong"])
      await expect(req).to.receive([["pong"]])
    })
    expect(ms).to.be.at.least(199).and.below(2000)
    expect(link.stats.faults.delayed).to.equal(2)
  })

  it("delay in one direction slows only that direction", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint, timeout: 5000 })
    await req.connected()
    link.delay(300, { direction: "downstream" })
    const up = await timed(async () => {
      await req.send(["ping"])
      await expect(rep).to.receive([["ping"]])
    })
    const down = await timed(async () => {
      await rep.send(["pong"])
      await expect(req).to.receive([["pong"]])
    })
    expect(up).to.be.below(250) // generous: the machine may be loaded
    expect(down).to.be.at.least(299)
  })

  it("cut() closes live connections and refuses new ones; heal() lets ZeroMQ reconnect", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint })
    await req.connected()
    link.cut()
    expect(link.stats.connections).to.deep.include({ open: 0, cut: 1 })
    await req.send(["lost?"])
    await expect(rep).to.receiveNothing({ timeout: 300 })
    expect(link.stats.connections.accepted).to.equal(1)
    expect(link.stats.connections.refused).to.be.at.least(1) // ZeroMQ retried every 100 ms
    link.heal()
    await req.connected({ timeout: 5000 })
    // The request queued during the cut goes out once ZeroMQ has reconnected.
    await expect(rep).to.receive([["lost?"]], { timeout: 5000 })
    expect(link.stats.connections.accepted).to.be.at.least(2)
  })

  it("cut() makes ZeroMQ see the disconnection, and it reconnects after heal()", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: router.endpoint })
    const dealer = new zmq.Dealer({ linger: 0, routingId: "d1" })
    try {
      const events = new EventLog(dealer)
      dealer.connect(link.endpoint)
      await events.until("handshake", 1)
      link.cut()
      await events.until("disconnect", 1)
      link.heal()
      await events.until("handshake", 2)
      await dealer.send(["back", "again"])
      await expect(router).to.receive(["d1", "back", "again"])
      expect(link.stats.connections.cut).to.equal(1)
    } finally {
      dealer.close()
    }
  })

  it("blackhole() holds connections silently until heal()", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint })
    await req.connected()
    link.blackhole()
    await req.send(["into the void"])
    await expect(rep).to.receiveNothing({ timeout: 300 })
    expect(link.stats.connections.open).to.equal(1)
    link.heal()
    await expect(rep).to.receive([["into the void"]])
  })

  it("blackhole() before a connection: accepted, but no handshake until heal()", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    link.blackhole()
    const req = await socket("req", { connect: link.endpoint })
    const err = await rejection(() => req.connected({ timeout: 300 }))
    expect(err.code).to.equal("ERR_ZMQH_TIMEOUT")
    expect(link.stats.connections.accepted).to.equal(1)
    link.heal()
    await req.connected({ timeout: 3000 })
    await req.send(["hello"])
    await expect(rep).to.receive([["hello"]])
  })

  it("drop({ every: 2 }) drops every second message, whole", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.drop({ every: 2 })
    for (let i = 1; i <= 6; i++) await push.sendFrames([`m${i}`, "second part"])
    for (const i of [1, 3, 5]) await expect(pull).to.receive([`m${i}`, "second part"])
    await expect(pull).to.receiveNothing({ timeout: 200 })
    expect(link.stats.faults.dropped).to.equal(3)
    const dropped = link.transcript.filter((e) => e.note?.startsWith("dropped"))
    expect(dropped.map((e) => e.frames?.[0].toString())).to.deep.equal(["m2", "m4", "m6"])
  })

  it("duplicate() sends a message twice; clear() stops it", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.duplicate({ every: 1, times: 1 })
    await push.send(["once"])
    await push.send(["twice?"])
    await expect(pull).to.receive([["once"]])
    await expect(pull).to.receive([["once"]])
    await expect(pull).to.receive([["twice?"]])
    link.clear()
    link.duplicate()
    link.clear()
    await push.send(["after clear"])
    await expect(pull).to.receive([["after clear"]])
    await expect(pull).to.receiveNothing({ timeout: 200 })
    expect(link.stats.faults.duplicated).to.equal(1)
  })

  it("is closed at the test's end: connections destroyed, port released", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint })
    await req.connected()
    link.delay(50)
    await req.send(["x"])
    await link.close()
    expect(link.stats.connections.open).to.equal(0)
    const err = await rejection(async () => link.delay(1))
    expect(err.message).to.match(/closed\. Make a link per test/)
  })
})
