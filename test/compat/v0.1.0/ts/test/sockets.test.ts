// examples/sockets/pong.test.ts of v0.1.0, where docs/sockets.md and
// docs/assertions.md took their examples from, as it was; the import of the
// harness is the one its comment gives for your project.
import { expect } from "chai"
import * as sinon from "sinon"
import { socket } from "zmq-harness"
import { startPong, type Pong } from "../src/sockets-pong"

describe("example: pong server", () => {
  let pong: Pong
  beforeEach(async () => {
    pong = await startPong()
  })
  afterEach(async () => {
    await pong.stop()
  })

  it("answers a ping with a pong", async () => {
    const req = await socket("req", { connect: pong.endpoint })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  })

  it("answers an unknown verb with an error", async () => {
    const req = await socket("req", { connect: pong.endpoint, timeout: 500 })
    await req.send(["pang", 2])
    await expect(req).to.receive([["error", sinon.match(/unknown verb/)]])
    expect(req.transcript.map((e) => e.direction)).to.deep.equal(["sent", "received"])
  })
})

describe("example: publishing without the slow-joiner race", () => {
  it("publishes once the subscription arrived", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const sub = await socket("sub", { connect: pub.endpoint, subscribe: "news" })
    await pub.subscribed("news.sport") // resolves when a prefix of the topic is subscribed
    await pub.send(["news.sport"], { goal: 1 })
    await expect(sub).to.receive(["news.sport", { goal: 1 }])
    await expect(sub).to.receiveNothing({ timeout: 50 })
  })

  it("speaks to a router with an envelope", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*" })
    const dealer = await socket("dealer", { connect: router.endpoint, routingId: "client-1" })
    await dealer.send([""], ["hello"])
    const [identity] = await expect(router).to.receive(["client-1", "", ["hello"]])
    await router.send([identity as Buffer, ""], ["welcome"], [Buffer.from([1, 2, 3])])
    await expect(dealer).to.receive(["", ["welcome"], Buffer.from([1, 2, 3])], { json: 1 })
  })
})
