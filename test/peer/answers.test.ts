import { expect } from "chai"
import * as sinon from "sinon"
import { peer, socket } from "../../lib"

// A mock peer answers by itself: the test talks to it through real test sockets here (the
// process-under-test cases are in examples.test.ts).
describe("peer: answering", () => {
  it("answers a req client from a rep peer, as often as times() says, and done() resolves", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
    const req = await socket("req", { connect: backend.endpoint })
    for (const n of [1, 2]) {
      await req.sendFrames(["ping", String(n)])
      await expect(req).to.receive(["pong", 1])
    }
    await backend.done()
    expect(backend.received.map((r) => r.frames)).to.deep.equal([
      ["ping", 1],
      ["ping", 2],
    ])
    expect(backend.received.every((r) => r.matched)).to.equal(true)
  })

  it("gives a reply function the decoded frames and the raw ones, and sends what it returns (async too)", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    const seen: unknown[] = []
    backend
      .on(["get", sinon.match.string])
      .reply(async (frames, request) => {
        seen.push(frames, request.raw.map(String))
        await Promise.resolve()
        return ["value", { key: frames[1], n: 42 }]
      })
      .persist()
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["get", '"answer"'])
    await expect(req).to.receive(["value", { key: "answer", n: 42 }])
    expect(seen).to.deep.equal([
      ["get", "answer"],
      ["get", '"answer"'],
    ])
  })

  it("sends nothing when a reply function returns undefined, and a dealer peer goes on receiving", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    backend.on(["quiet"]).reply(() => undefined)
    backend.on(["loud"]).reply(["yes"])
    const client = await socket("dealer", { connect: backend.endpoint })
    await client.sendFrames(["quiet"])
    await client.sendFrames(["loud"])
    await expect(client).to.receive(["yes"], { json: false })
    await backend.done()
    await expect(client).to.receiveNothing({ timeout: 50 })
  })

  it("routes each reply of a router peer back to its sender, and hides the envelope from the matcher", async () => {
    const broker = await peer("router", { bind: "tcp://127.0.0.1:*" })
    broker
      .on(["hello", sinon.match.string])
      .reply((frames) => ["hi", String(frames[1])])
      .times(2)
    const a = await socket("req", { connect: broker.endpoint })
    const b = await socket("dealer", { connect: broker.endpoint })
    await a.sendFrames(["hello", '"a"'])
    await b.sendFrames(["hello", '"b"'])
    await expect(a).to.receive(["hi", "a"], { json: false })
    await expect(b).to.receive(["hi", "b"], { json: false })
    // Two connections: either message may have come first.
    const fromA = broker.received.find((r) => r.frames[1] === "a")!
    const fromB = broker.received.find((r) => r.frames[1] === "b")!
    expect(fromA.envelope.map((f) => f.length)).to.deep.equal([fromA.routingId!.length, 0])
    expect(fromB.envelope).to.have.length(1)
    expect(fromB.routingId).to.deep.equal(fromB.envelope[0])
  })

  it("keeps a dealer peer's leading empty frame for the reply to a router", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*" })
    const worker = await peer("dealer", { connect: router.endpoint, routingId: "w1" })
    worker.on(["job", { n: 6 }]).reply(["done", { n: 36 }])
    await worker.connected()
    await router.sendFrames(["w1", "", "job", '{"n":6}'])
    await expect(router).to.receive(["w1", "", "done", { n: 36 }])
    expect(worker.received[0].frames).to.deep.equal(["job", { n: 6 }])
  })

  it("answers over pair, and counts what a pull or sub peer receives", async () => {
    const pair = await peer("pair", { bind: "tcp://127.0.0.1:*" })
    pair.on(["ping"]).reply(["pong"])
    const other = await socket("pair", { connect: pair.endpoint })
    await other.sendFrames(["ping"])
    await expect(other).to.receive(["pong"], { json: false })

    const pull = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    pull.on(["job", sinon.match.number]).times(3)
    const push = await socket("push", { connect: pull.endpoint })
    for (const n of [1, 2, 3]) await push.sendFrames(["job", String(n)])
    await pull.done()

    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const sub = await peer("sub", { connect: pub.endpoint, subscribe: "news" })
    sub.on(["news", { title: sinon.match.string }])
    await pub.subscribed("news")
    await pub.sendFrames(["news", '{"title":"hello"}'])
    await sub.done()
  })

  it("waits delay() ms before a reply, and answers other messages meanwhile", async () => {
    const backend = await peer("router", { bind: "tcp://127.0.0.1:*" })
    backend.on(["slow"]).delay(150).reply(["ok", "slow"])
    backend.on(["fast"]).reply(["ok", "fast"])
    const client = await socket("dealer", { connect: backend.endpoint })
    const started = performance.now()
    await client.sendFrames(["slow"])
    await client.sendFrames(["fast"])
    await expect(client).to.receive(["ok", "fast"], { json: false })
    await expect(client).to.receive(["ok", "slow"], { json: false })
    expect(performance.now() - started).to.be.at.least(145)
  })

  it("decodes no frame with json: false, so every frame matches as text or bytes", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*", json: false })
    backend
      .on(["get", "[1,2]"])
      .reply((frames, request) => [
        "got",
        Buffer.concat(request.raw as Buffer[]),
        String(frames[1]),
      ])
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["get", "[1,2]"])
    await expect(req).to.receive(["got", "get[1,2]", "[1,2]"], { json: false })
  })

  it("matches with a predicate, in the order expectations were added", async () => {
    const backend = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    const long = backend.on((frames) => frames.length > 2)
    const any = backend.on(() => true).persist()
    const push = await socket("push", { connect: backend.endpoint })
    await push.sendFrames(["a", "b", "c"])
    await push.sendFrames(["a"])
    await backend.done()
    expect([long.count, any.count]).to.deep.equal([1, 1])
  })

  it("stops a rep peer whose reply function sent nothing after a delay, without a state error", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend
      .on(["maybe"])
      .delay(10)
      .reply(() => undefined)
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["maybe"])
    await backend.done()
    await expect(req).to.receiveNothing({ timeout: 100 })
    expect(backend.describe()).to.include("receives no more: a request got no reply")
  })

  it("keeps a rep peer from receiving after a request it did not answer (noReply)", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["never-answer"]).noReply()
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["never-answer"])
    await backend.done()
    await expect(req).to.receiveNothing({ timeout: 50 })
    expect(backend.describe()).to.match(
      /^rep peer \(bind tcp:\/\/127\.0\.0\.1:\d+\): got 1 message\(s\), receives no more: a request got no reply, and a rep socket must answer before it receives again, every expectation met\n/,
    )
  })
})

describe("peer: as a client", () => {
  it("sends requests from a req peer and matches each reply against its expectations", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const client = await peer("req", { connect: server.endpoint })
    for (const n of [1, 2]) {
      // Expectations may be added as the test goes: done() waits for the ones so far.
      client.on(["pong", n])
      await client.send(["ping", n])
      await expect(server).to.receive(["ping", n])
      await server.sendFrames(["pong", String(n)])
      await client.done()
    }
    expect(client.received.map((r) => r.frames)).to.deep.equal([
      ["pong", 1],
      ["pong", 2],
    ])
  })
})
