import { expect } from "chai"
import { peer, socket, SocketClosedError } from "../../lib"
import { rejection } from "../helpers/rejection"

describe("peer: sending on its own", () => {
  it("publishes count messages every ms after subscribed(topic), made by a function of the index", async () => {
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    const sub = await socket("sub", { connect: pub.endpoint, subscribe: "weather" })
    await pub.subscribed("weather")
    const started = performance.now()
    await pub.publish((i) => ["weather", { temp: i }], { every: 5, count: 20 })
    // The 20th message goes 19 × 5 ms after the first: the schedule does not drift.
    expect(performance.now() - started).to.be.at.least(94)
    for (let i = 0; i < 20; i++) await expect(sub).to.receive(["weather", { temp: i }])
    expect(pub.transcript[0].direction).to.equal("received") // the subscription
    expect(pub.record().entries[0].note).to.equal("subscription")
  })

  it("sends fixed frames from push and dealer peers, after a delay when asked", async () => {
    const push = await peer("push", { bind: "tcp://127.0.0.1:*" })
    const pull = await socket("pull", { connect: push.endpoint })
    await push.connected()
    const started = performance.now()
    await push.send(["job", { id: 1 }], { delay: 50 })
    expect(performance.now() - started).to.be.at.least(45)
    await expect(pull).to.receive(["job", { id: 1 }])

    const dealer = await peer("dealer", { bind: "tcp://127.0.0.1:*", routingId: "d1" })
    const router = await socket("router", { connect: dealer.endpoint })
    await router.connected()
    await dealer.send(["", "hello"])
    const [id, empty, hello] = await router.recv({ json: false })
    expect([id.toString(), empty.length, hello.toString()]).to.deep.equal(["d1", 0, "hello"])
  })

  it("rejects a publication cut short by the close of its peer, and leaves no timer", async () => {
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    const publishing = pub.publish(["tick"], { every: 10_000, count: 3 })
    const started = performance.now()
    await pub.close()
    const err = await rejection(() => publishing)
    expect(err).to.be.instanceOf(SocketClosedError)
    expect(err.message).to.equal(
      `zmq-harness: expected pub peer (bind ${pub.endpoint}) to stay open until publish() had sent 3 message(s), got it closed after 1. Await the call before the test ends.`,
    )
    expect(performance.now() - started).to.be.below(2000)
  })

  it("times out subscribed() with the subscriptions it saw", async () => {
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    const sub = await socket("sub", { connect: pub.endpoint, subscribe: "sports" })
    await pub.subscribed("sports")
    const err = await rejection(() => pub.subscribed("weather", { timeout: 50 }))
    expect(err.code).to.equal("ERR_ZMQH_TIMEOUT")
    expect(err.message).to.include(
      `expected a subscription matching topic "weather" on pub peer (bind ${pub.endpoint}), got only subscriptions to "sports" after 50 ms.`,
    )
    void sub
  })
})

describe("peer: after the fact", () => {
  it("asserts what a peer received with expect(peer).to.have.received()", async () => {
    const pull = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    pull.on(() => true).times(2)
    const push = await socket("push", { connect: pull.endpoint })
    await push.sendFrames(["ping", "1"])
    await push.sendFrames(["ping", "2"])
    await pull.done()
    expect(pull).to.have.received(["ping", 2])
    expect(pull).not.to.have.received(["quit"])
    expect(() => expect(pull).to.have.received(["ping", 3])).to.throw(
      `zmq-harness: pull peer (bind ${pull.endpoint}) never received ["ping", 3]: of its 2 message(s), none matches. ` +
        'The nearest, ["ping", "1"]: it differs at frame 1 (frame 1: expected 3, got 1).',
    )
    expect(() => expect(pull).not.to.have.received(["ping", 1])).to.throw(
      /received \["ping", 1\] \(\["ping", "1"\] at \+[\d.]+ ms\), which it should not have\./,
    )
    expect(() => expect(push).to.have.received(["x"])).to.throw(
      /^zmq-harness: expected a mock peer for \.received\(\), got TestSocket/,
    )
  })

  it("gives its lane to the test's artifacts, and a hang report of what it got and still expects", async () => {
    const rep = await peer("rep", { bind: "tcp://127.0.0.1:*", name: "backend" })
    rep.on(["ping"]).reply(["pong"])
    rep.on(["never"]).reply(["ok"]).times(2)
    const req = await socket("req", { connect: rep.endpoint })
    await req.sendFrames(["ping"])
    await req.recv({ json: false })
    const lane = rep.record()
    expect(lane).to.include({
      kind: "peer",
      type: "rep",
      name: `rep peer "backend" (bind ${rep.endpoint})`,
    })
    expect(lane.endpoints).to.deep.equal([rep.endpoint])
    expect(lane.entries.map((e) => [e.direction, e.frames!.map(String)])).to.deep.equal([
      ["received", ["ping"]],
      ["sent", ["pong"]],
    ])
    expect(lane.entries[0].time).to.be.closeTo(Date.now(), 5000)
    expect(rep.describe().split("\n")[0]).to.equal(
      `rep peer "backend" (bind ${rep.endpoint}): got 1 message(s), still expects: expected ["never"] 2 times, never saw it`,
    )
    for (let i = 0; i < 2; i++) {
      await req.sendFrames(["never"])
      await req.recv({ json: false })
    }
  })
})
