import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort, record, socket, type Cassette, type RecordProxy } from "../../lib"

// Each test's cassette is written when that test ends: the next test reads it.
describe("record()", function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-cassette-"))
  const file = (name: string) => path.join(dir, `${name}.json`)
  const read = (name: string) => JSON.parse(fs.readFileSync(file(name), "utf8")) as Cassette
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("forwards a req client's requests to the real rep peer and its replies back", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const rec = await record("echo", { type: "req", target: server.endpoint, path: file("echo") })
    expect(rec.mode).to.equal("record")
    const client = await socket("req", { connect: rec.endpoint })
    for (const n of [1, 2]) {
      await client.send(["ping", n])
      await expect(server).to.receive([["ping", n]])
      await server.sendFrames(["pong", Buffer.from([0, n])])
      await expect(client).to.receive(["pong", Buffer.from([0, n])], { json: false })
    }
  })

  it("wrote the cassette when that test ended: text frames as text, binary as base64, in order", () => {
    const cassette = read("echo")
    expect(cassette).to.include({ format: "zmq-harness cassette", version: 1, name: "echo" })
    expect(cassette.channels.main).to.deep.include({ type: "req", peer: "rep" })
    expect(cassette.channels.main.target).to.match(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    expect(cassette.messages.map((m) => [m.channel, m.direction, m.frames])).to.deep.equal([
      ["main", "upstream", ['["ping",1]']],
      ["main", "downstream", ["pong", { base64: "AAE=" }]],
      ["main", "upstream", ['["ping",2]']],
      ["main", "downstream", ["pong", { base64: "AAI=" }]],
    ])
    const offsets = cassette.messages.map((m) => m.at)
    expect(offsets).to.deep.equal([...offsets].sort((a, b) => a - b))
  })

  it("keeps ROUTER envelopes: each dealer client gets its own replies", async () => {
    const server = await socket("router", { bind: "tcp://127.0.0.1:*" })
    const rec = await record("two-clients", {
      type: "dealer",
      target: server.endpoint,
      path: file("two"),
    })
    const a = await socket("dealer", { connect: rec.endpoint })
    const b = await socket("dealer", { connect: rec.endpoint })
    await a.sendFrames(["from-a"])
    const [idA] = (await server.recv({ json: false })) as Buffer[]
    await b.sendFrames(["from-b"])
    const [idB] = (await server.recv({ json: false })) as Buffer[]
    expect(idA.equals(idB)).to.equal(false)
    await server.sendFrames([idB, "to-b"])
    await server.sendFrames([idA, "to-a"])
    await expect(b).to.receive(["to-b"], { json: false })
    await expect(a).to.receive(["to-a"], { json: false })
  })

  it("records a stream from a real publisher once the subscription went through", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const rec = await record("ticks", { type: "sub", target: pub.endpoint, path: file("ticks") })
    const sub = await socket("sub", { connect: rec.endpoint, subscribe: "tick" })
    if (rec.mode !== "record") throw new Error("expected a recording proxy")
    await rec.subscribed("tick.1")
    await pub.subscribed("tick.1")
    for (const n of [1, 2, 3]) await pub.sendFrames(["tick", String(n)])
    for (const n of [1, 2, 3]) await expect(sub).to.receive(["tick", String(n)], { json: false })
  })

  it("wrote the stream's messages in order", () => {
    expect(read("ticks").messages.map((m) => m.frames)).to.deep.equal([
      ["tick", "1"],
      ["tick", "2"],
      ["tick", "3"],
    ])
  })

  it("gives its lane to the test's artifacts and a line to hang reports", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const rec = await record("lane", { type: "req", target: server.endpoint, path: file("lane") })
    const client = await socket("req", { connect: rec.endpoint })
    await client.sendFrames(["hi"])
    await expect(server).to.receive(["hi"], { json: false })
    await server.sendFrames(["ho"])
    await expect(client).to.receive(["ho"], { json: false })
    const lane = (rec as RecordProxy).record()
    expect(lane).to.deep.include({ kind: "proxy", type: "req" })
    expect(lane.endpoints).to.deep.equal([`${rec.endpoint} → ${server.endpoint}`])
    expect(lane.entries.map((e) => [e.direction, e.frames?.map(String)])).to.deep.equal([
      ["upstream", ["hi"]],
      ["downstream", ["ho"]],
    ])
    expect(rec.describe()).to.equal(
      `record proxy "main" of cassette ${file("lane")} (req → ${rec.endpoint} → ${server.endpoint}): 2 message(s) forwarded`,
    )
  })

  it("passes through and writes nothing in replay mode when the cassette is missing", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const rec = await record("dry", {
      type: "req",
      target: server.endpoint,
      path: file("dry"),
      mode: "replay",
    })
    expect(rec.mode).to.equal("passthrough")
    const client = await socket("req", { connect: rec.endpoint })
    await client.sendFrames(["hi"])
    await expect(server).to.receive(["hi"], { json: false })
  })

  it("wrote nothing for the pass-through", () => {
    expect(fs.existsSync(file("dry"))).to.equal(false)
  })

  it("records a push client's messages to a real pull peer, and a pull client's from a real push peer", async () => {
    const sink = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const toSink = await record("pipeline", {
      type: "push",
      channel: "out",
      target: sink.endpoint,
      path: file("pipeline"),
    })
    const source = await socket("push", { bind: "tcp://127.0.0.1:*" })
    const fromSource = await record("pipeline", {
      type: "pull",
      channel: "in",
      target: source.endpoint,
      path: file("pipeline"),
    })
    const push = await socket("push", { connect: toSink.endpoint })
    const pull = await socket("pull", { connect: fromSource.endpoint })
    await push.sendFrames(["result", "1"])
    await expect(sink).to.receive(["result", "1"], { json: false })
    await source.sendFrames(["task", "2"])
    await expect(pull).to.receive(["task", "2"], { json: false })
  })

  it("wrote both channels of the pipeline in one cassette", () => {
    const c = read("pipeline")
    expect(c.channels).to.deep.include({
      out: { type: "push", peer: "pull", target: c.channels.out.target },
      in: { type: "pull", peer: "push", target: c.channels.in.target },
    })
    expect(c.messages.map((m) => [m.channel, m.direction, m.frames])).to.deep.equal([
      ["out", "upstream", ["result", "1"]],
      ["in", "downstream", ["task", "2"]],
    ])
  })

  it("removes the file of an ipc endpoint it listened on when it closes", async () => {
    // issue 20: peers, links, replays and sockets removed theirs; recording proxies did not.
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const sockFile = path.join(dir, "proxy.sock")
    const rec = await record("ipc", {
      type: "req",
      target: server.endpoint,
      listen: `ipc://${sockFile}`,
      path: file("ipc"),
    })
    const client = await socket("req", { connect: rec.endpoint })
    await client.send(["ping", 1])
    await expect(server).to.receive([["ping", 1]])
    await server.send(["pong", 1])
    await expect(client).to.receive([["pong", 1]])
    expect(fs.lstatSync(sockFile).isSocket()).to.equal(true)
    await rec.close()
    expect(fs.existsSync(sockFile)).to.equal(false)
  })

  it("frees a fixed listen port when it closes, with a client still connected", async () => {
    const server = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    for (let round = 0; round < 20; round++) {
      const listen = `tcp://127.0.0.1:${await freePort()}`
      const rec = await record(`port-${round}`, {
        type: "req",
        target: server.endpoint,
        listen,
        path: file(`port-${round}`),
      })
      const client = await socket("req", { connect: rec.endpoint })
      await client.send(["ping", round])
      await expect(server).to.receive([["ping", round]])
      await server.send(["pong", round])
      await expect(client).to.receive([["pong", round]])
      await rec.close()
      // The next test's bind of the same port: refused with EADDRINUSE while the listener lives.
      const again = await socket("rep", { bind: listen })
      await again.close()
      await client.close()
    }
  })
})
