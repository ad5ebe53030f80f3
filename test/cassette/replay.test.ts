import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import {
  cassetteNormalizers,
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
