// docs/troubleshooting.md of v0.1.0: the fragments that make a test once put
// in one (the page's own lines as printed; the describe/it around them, the
// imports and the programs' endpoints are what a reader adds).
import { expect } from "chai"
import sinon from "sinon"
import { configure, socket, startModule } from "zmq-harness"

describe("troubleshooting.md @process", () => {
  it("a bounded receive of a reply", async () => {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, timeout: 200 })
    await req.send(["ping", 1])
    const reply = await req.recv() // or: await expect(req).to.receive([["pong", 1]])
    expect(reply).to.deep.equal([["pong", 1]])
  })

  it("publishes after the subscription arrived", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const subscriber = await startModule("src/subscriber.ts", [pub.endpoint, "2", "weather"])
    await pub.subscribed("weather")
    await pub.sendFrames(["weather", '{"temp":21}'])
    await pub.sendFrames(["weather", '{"temp":22}'])
    expect((await subscriber.exited).code).to.equal(0)
  })

  it("stops a program that cleans up on SIGINT", async () => {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on/, stop: { signal: "SIGINT" } })
    await pong.stop() // or let the end of the test do it
    expect((await pong.exited).code).to.equal(0)
  })

  it("keeps the envelope of a router", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*" })
    const client = await socket("req", { connect: router.endpoint })
    await client.send(["ping", 1])
    const [id] = await expect(router).to.receive([sinon.match.instanceOf(Buffer), "", ["ping", 1]])
    await router.send([id as Buffer, ""], ["pong", 1])
    await expect(client).to.receive([["pong", 1]])

    const endpoint = router.endpoint
    const alice = await socket("dealer", { connect: endpoint, routingId: "alice" })
    await alice.send([""], ["job", 1])
    await expect(router).to.receive(["alice", "", ["job", 1]])
  })

  it("reads every message it was sent", async () => {
    configure({ failOnUnread: true }) // or ZMQ_HARNESS_FAIL_ON_UNREAD=1
    const pull = await socket("pull", { bind: "inproc://unread" })
    const push = await socket("push", { connect: "inproc://unread" })
    await push.send(["one"])
    await expect(pull).to.receive([["one"]])
    configure({ failOnUnread: false })
  })
})
