import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {
  cassetteNormalizers,
  peer,
  record,
  replay,
  socket,
  type Cassette,
  type CassetteMessage,
} from "../../lib"
import { rejection } from "../helpers/rejection"

const up = (at: number, ...frames: string[]): CassetteMessage => ({
  channel: "main",
  direction: "upstream",
  at,
  frames,
})
const down = (at: number, ...frames: string[]): CassetteMessage => ({
  channel: "main",
  direction: "downstream",
  at,
  frames,
})

describe("replay()", function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-replay-"))
  after(() => fs.rmSync(dir, { recursive: true, force: true }))
  let n = 0
  /** Writes a cassette by hand and returns its path. */
  function cassette(channels: Cassette["channels"], messages: CassetteMessage[]): string {
    const file = path.join(dir, `c${++n}.json`)
    const c: Cassette = {
      format: "zmq-harness cassette",
      version: 1,
      name: "hand-made",
      recorded: "2026-11-30T10:00:00.000Z",
      channels,
      messages,
    }
    fs.writeFileSync(file, JSON.stringify(c, null, 2))
    return file
  }
  const reqRep = {
    main: { type: "req" as const, peer: "rep" as const, target: "tcp://127.0.0.1:1" },
  }

  it("answers each request with the replies recorded after it, in any order", async () => {
    const file = cassette(reqRep, [
      up(1, "get", "a"),
      down(2, "1"),
      up(3, "get", "b"),
      down(4, "2"),
    ])
    const fake = await replay("kv", { bind: "tcp://127.0.0.1:*", path: file, type: "req" })
    expect(fake.mode).to.equal("replay")
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "b"])
    await expect(client).to.receive(["2"], { json: false })
    await client.sendFrames(["get", "a"])
    await expect(client).to.receive(["1"], { json: false })
    const lane = fake.record()
    expect(lane).to.deep.include({ kind: "peer", type: "rep" })
    expect(lane.name).to.match(/^replay main rep peer "kv\/main"/)
    expect(lane.entries.map((e) => e.direction)).to.deep.equal([
      "received",
      "sent",
      "received",
      "sent",
    ])
    expect(fake.describe()).to.match(
      new RegExp(`^replay of channel "main" of cassette ${file}: rep peer`),
    )
  })

  it("carries what the normalisers masked from the live request into the reply", async () => {
    const file = cassette(reqRep, [
      up(1, '{"id":"recorded-id-1","q":"x"}'),
      down(2, '{"re":"recorded-id-1","a":42}'),
    ])
    const fake = await replay("ids", {
      bind: "tcp://127.0.0.1:*",
      path: file,
      normalize: [cassetteNormalizers.jsonKeys("id")],
    })
    const client = await socket("req", { connect: fake.endpoint })
    await client.send({ id: "live-id-777", q: "x" })
    await expect(client).to.receive([{ re: "live-id-777", a: 42 }])
  })

  it("lets the rewrite hook build the reply from the live request", async () => {
    const file = cassette(reqRep, [up(1, "ping", "1"), down(2, "pong", "1")])
    const fake = await replay("rewrite", {
      bind: "tcp://127.0.0.1:*",
      path: file,
      normalize: [cassetteNormalizers.replace(/^\d+$/, "<n>")],
      rewrite: (frames, { request, channel }) => [frames[0], request![1], channel],
    })
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["ping", "7"])
    await expect(client).to.receive(["pong", "7", "main"], { json: false })
  })

  it("fails a request the cassette does not hold with the nearest recorded request and where it differs", async () => {
    const file = cassette(reqRep, [
      up(1, "get", "a"),
      down(2, "1"),
      up(3, "put", "a", "1"),
      down(4, "ok"),
    ])
    const fake = await replay("kv", { bind: "tcp://127.0.0.1:*", path: file })
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "b"])
    const err = await rejection(() => client.recv())
    expect(err.code).to.equal("ERR_ZMQH_UNEXPECTED_MESSAGE")
    expect(err.message).to.include(
      `The nearest recorded request of channel "main" of cassette ${file} (message 0 of the cassette) is ["get", "a"]; ` +
        'after normalisation, request[1]: expected "a", got "b".',
    )
    // The cassette's advice (record again, or normalise), not the mock's "add an expectation".
    expect(err.message).to.include("ZMQ_HARNESS_CASSETTES=update")
    expect(err.message).not.to.include("Add an expectation")
  })

  it("names the nearest recorded request by the smallest difference, not the first of equals", async () => {
    // issue 19: each one-frame JSON request differs "in one frame" from every other: the first
    // recorded was named. After normalisation, the smallest difference wins.
    const pings = cassette(reqRep, [
      up(1, '["ping",1]'),
      down(2, "1"),
      up(3, '["ping",2]'),
      down(4, "2"),
      up(5, '["ping",3]'),
      down(6, "3"),
    ])
    const fake = await replay("pings", { bind: "tcp://127.0.0.1:*", path: pings })
    const client = await socket("req", { connect: fake.endpoint })
    await client.send(["pinj", 2])
    const err = await rejection(() => client.recv())
    expect(err.message).to.include(
      `The nearest recorded request of channel "main" of cassette ${pings} (message 2 of the cassette) is [["ping",2]]; ` +
        'after normalisation, request[0][0]: expected "ping", got "pinj".',
    )
  })

  it("names the nearest recorded request by the smallest difference: the same word, another number", async () => {
    const greek = cassette(reqRep, [
      up(1, '["alpha",1]'),
      down(2, "a"),
      up(3, '["beta",1]'),
      down(4, "b"),
      up(5, '["gamma",1]'),
      down(6, "c"),
    ])
    const fake = await replay("greek", { bind: "tcp://127.0.0.1:*", path: greek })
    const client = await socket("req", { connect: fake.endpoint })
    await client.send(["beta", 9])
    const err = await rejection(() => client.recv())
    expect(err.message).to.include(
      '(message 2 of the cassette) is [["beta",1]]; after normalisation, request[0][1]: expected 1, got 9.',
    )
  })

  it("holds each recorded request once: a second identical request is not in the cassette", async () => {
    const file = cassette(reqRep, [up(1, "get", "a"), down(2, "1")])
    const fake = await replay("once", { bind: "tcp://127.0.0.1:*", path: file })
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "a"])
    await expect(client).to.receive(["1"], { json: false })
    await client.sendFrames(["get", "a"])
    const err = await rejection(() => client.recv())
    expect(err.message).to.include(
      "(message 0 of the cassette, already replayed: the cassette holds it fewer times than it was asked)",
    )
  })

  it("counts a recorded request never replayed as unmet (done() says which)", async () => {
    const file = cassette(reqRep, [up(1, "get", "a"), down(2, "1")])
    const fake = await replay("unmet", { bind: "tcp://127.0.0.1:*", path: file })
    const err = await rejection(() => fake.peer.done({ timeout: 50 }))
    expect(err.code).to.equal("ERR_ZMQH_UNMET_EXPECTATIONS")
    // Replayed now, so the test itself ends with every expectation met.
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "a"])
    await expect(client).to.receive(["1"], { json: false })
  })

  it("plays a stream once the subscriber is there, at the recorded pace scaled by `pace`", async () => {
    const file = cassette({ main: { type: "sub", peer: "xpub", target: "tcp://127.0.0.1:1" } }, [
      down(100, "t", "1"),
      down(200, "t", "2"),
      down(300, "t", "3"),
    ])
    const fake = await replay("ticks", { bind: "tcp://127.0.0.1:*", path: file, pace: 0.5 })
    const sub = await socket("sub", { connect: fake.endpoint })
    await fake.subscribed()
    const start = performance.now()
    for (const i of ["1", "2", "3"]) await expect(sub).to.receive(["t", i], { json: false })
    // 200 ms of recorded time at half: at least 100 ms (never less; more under load).
    expect(performance.now() - start).to.be.at.least(95)
  })

  it("holds a stream message until the requests recorded before it were replayed (pace: requests)", async () => {
    const file = cassette(
      {
        ask: { type: "dealer", peer: "router", target: "tcp://127.0.0.1:1" },
        news: { type: "sub", peer: "xpub", target: "tcp://127.0.0.1:2" },
      },
      [
        { channel: "ask", direction: "upstream", at: 1, frames: ["go"] },
        { channel: "news", direction: "downstream", at: 2, frames: ["started"] },
        { channel: "ask", direction: "downstream", at: 3, frames: ["ok"] },
      ],
    )
    const ask = await replay("two", { bind: "tcp://127.0.0.1:*", path: file, channel: "ask" })
    const news = await replay("two", { bind: "tcp://127.0.0.1:*", path: file, channel: "news" })
    const dealer = await socket("dealer", { connect: ask.endpoint })
    const sub = await socket("sub", { connect: news.endpoint })
    await news.subscribed()
    await expect(sub).to.receiveNothing({ timeout: 150 })
    await dealer.sendFrames(["go"])
    await expect(dealer).to.receive(["ok"], { json: false })
    await expect(sub).to.receive(["started"], { json: false })
  })

  it("releases a stream message recorded after a request on a push channel (pace: requests)", async () => {
    // issue 19: only a request that got a reply counted as replayed; a push channel's request
    // never released the ticks recorded after it, and with the publisher gone none came.
    const file = cassette(
      {
        orders: { type: "push", peer: "pull", target: "tcp://127.0.0.1:1" },
        ticks: { type: "sub", peer: "xpub", target: "tcp://127.0.0.1:2" },
      },
      [
        { channel: "orders", direction: "upstream", at: 1, frames: ["buy", "ACME"] },
        { channel: "ticks", direction: "downstream", at: 2, frames: ["ACME", "101"] },
        { channel: "ticks", direction: "downstream", at: 3, frames: ["ACME", "102"] },
      ],
    )
    const orders = await replay("market", {
      bind: "tcp://127.0.0.1:*",
      path: file,
      channel: "orders",
    })
    const ticks = await replay("market", {
      bind: "tcp://127.0.0.1:*",
      path: file,
      channel: "ticks",
    })
    const push = await socket("push", { connect: orders.endpoint })
    const sub = await socket("sub", { connect: ticks.endpoint })
    await ticks.subscribed()
    await expect(sub).to.receiveNothing({ timeout: 100 })
    await push.sendFrames(["buy", "ACME"])
    await expect(sub).to.receive(["ACME", "101"], { json: false })
    await expect(sub).to.receive(["ACME", "102"], { json: false })
  })

  it("lists what came in the mock peer's own form: the JSON frame parsed, as peer() does", async () => {
    // issue 19: replay(...).peer.received listed a JSON frame as text.
    const file = cassette(reqRep, [up(1, "get", '{"key":"a"}'), down(2, "1")])
    const fake = await replay("form", { bind: "tcp://127.0.0.1:*", path: file })
    const mock = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    mock.on(["get", { key: "a" }]).reply(["1"])
    for (const endpoint of [fake.endpoint, mock.endpoint]) {
      const client = await socket("req", { connect: endpoint })
      await client.sendFrames(["get", '{"key":"a"}'])
      await expect(client).to.receive(["1"], { json: false })
    }
    expect(fake.peer.received.map((r) => r.frames)).to.deep.equal([["get", { key: "a" }]])
    expect(fake.peer.received.map((r) => r.frames)).to.deep.equal(
      mock.received.map((r) => r.frames),
    )
    expect(fake.peer).to.have.received(["get", { key: "a" }])
  })

  it("marks, in its lane, a request that no recorded request matches as unmatched", async () => {
    const file = cassette(reqRep, [up(1, "get", "a"), down(2, "1")])
    const fake = await replay("marks", { bind: "tcp://127.0.0.1:*", path: file })
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "b"])
    // The replay fails the test at once; told here, the test goes on.
    expect((await rejection(() => fake.peer.done())).code).to.equal("ERR_ZMQH_UNEXPECTED_MESSAGE")
    const received = fake.record().entries.filter((e) => e.direction === "received")
    expect(received.map((e) => [e.frames!.map(String), e.mark, e.note])).to.deep.equal([
      [["get", "b"], "unmatched", "unmatched"],
    ])
  })

  it("marks, in its lane, a request replayed more often than recorded as unexpected", async () => {
    const file = cassette(reqRep, [up(1, "get", "a"), down(2, "1")])
    const fake = await replay("marks", { bind: "tcp://127.0.0.1:*", path: file })
    const client = await socket("req", { connect: fake.endpoint })
    await client.sendFrames(["get", "a"])
    await expect(client).to.receive(["1"], { json: false })
    await client.sendFrames(["get", "a"])
    // The client's wait for a reply fails at once with the replay's failure.
    const err = await rejection(() => client.recv({ timeout: 5000 }))
    expect(err.code).to.equal("ERR_ZMQH_UNEXPECTED_MESSAGE")
    const received = fake.record().entries.filter((e) => e.direction === "received")
    expect(received.map((e) => [e.frames!.map(String), e.mark])).to.deep.equal([
      [["get", "a"], undefined],
      [["get", "a"], "unexpected"],
    ])
  })

  it("is what record() gives when the cassette exists: the target is never asked for", async () => {
    const file = cassette(reqRep, [up(1, "get", "a"), down(2, "1")])
    const backend = await record("kv", {
      type: "req",
      path: file,
      target: () => {
        throw new Error("the real peer was asked for")
      },
    })
    expect(backend.mode).to.equal("replay")
    const client = await socket("req", { connect: backend.endpoint })
    await client.sendFrames(["get", "a"])
    await expect(client).to.receive(["1"], { json: false })
  })

  it("sends every reply recorded after a request, in order, to the dealer that asked", async () => {
    const file = cassette(
      { main: { type: "dealer", peer: "router", target: "tcp://127.0.0.1:1" } },
      [
        up(1, "job", "7"),
        down(2, "progress", "50"),
        down(3, "progress", "100"),
        down(4, "done", "7"),
      ],
    )
    const fake = await replay("stream", { bind: "tcp://127.0.0.1:*", path: file })
    const other = await socket("dealer", { connect: fake.endpoint })
    const client = await socket("dealer", { connect: fake.endpoint })
    await client.sendFrames(["job", "7"])
    await expect(client).to.receive(["progress", "50"], { json: false })
    await expect(client).to.receive(["progress", "100"], { json: false })
    await expect(client).to.receive(["done", "7"], { json: false })
    await expect(other).to.receiveNothing({ timeout: 50 })
  })

  it("plays a pull client's stream from a push replay, in order, once it connected", async () => {
    const file = cassette({ main: { type: "pull", peer: "push", target: "tcp://127.0.0.1:1" } }, [
      down(10, "job", "1"),
      down(20, "job", "2"),
    ])
    const fake = await replay("jobs", { bind: "tcp://127.0.0.1:*", path: file, pace: 0 })
    const pull = await socket("pull", { connect: fake.endpoint })
    await expect(pull).to.receive(["job", "1"], { json: false })
    await expect(pull).to.receive(["job", "2"], { json: false })
  })
})
