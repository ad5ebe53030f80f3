import { expect } from "chai"
import { socket, TimeoutError, UsageError } from "../../lib"
import { rejection } from "../helpers/rejection"
import { bindEndpoint, transports } from "./transports"

/** A tcp endpoint where nothing listens: bound for a moment, then released. */
async function deadEndpoint(): Promise<string> {
  const s = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const endpoint = s.endpoint
  await s.close()
  return endpoint
}

describe("socket connected()", () => {
  for (const transport of transports) {
    it(`resolves on both sides once the handshake completed over ${transport}`, async () => {
      const rep = await socket("rep", { bind: bindEndpoint(transport) })
      const req = await socket("req", { connect: rep.endpoint })
      await req.connected()
      await rep.connected()
    })
  }

  it("times out over tcp when nothing listens, saying which endpoint has no connection", async () => {
    const endpoint = await deadEndpoint()
    const req = await socket("req", { connect: endpoint })
    const err = await rejection(() => req.connected({ timeout: 50 }))
    expect(err).to.be.instanceOf(TimeoutError)
    expect((err as TimeoutError).operation).to.equal("connected")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: connected timed out: expected a completed handshake on every endpoint on req socket \\(connect ${endpoint}\\), ` +
          `got none on ${endpoint} after 50 ms\\. Check that the peer is listening`,
      ),
    )
    expect(err.message).to.include(`Connections:\n  ${endpoint}: no live connection`)
  })

  it("times out over ipc when nothing listens", async () => {
    const req = await socket("req", { connect: bindEndpoint("ipc") })
    const err = await rejection(() => req.connected({ timeout: 50 }))
    expect(err).to.be.instanceOf(TimeoutError)
  })

  it("times out on a socket with no endpoint", async () => {
    const req = await socket("req")
    const err = await rejection(() => req.connected({ timeout: 10 }))
    expect(err.message).to.include("got a socket with no endpoint after 10 ms")
  })
})

describe("socket subscribed()", () => {
  it("resolves for a topic that a subscribed prefix would deliver", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    await socket("sub", { connect: pub.endpoint, subscribe: "news" })
    await pub.subscribed("news.sport")
    await pub.subscribed("news")
  })

  it("times out for a topic the subscriptions do not cover, listing them", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    await socket("sub", { connect: pub.endpoint, subscribe: "news" })
    await pub.subscribed()
    const err = await rejection(() => pub.subscribed("new", { timeout: 30 }))
    expect(err).to.be.instanceOf(TimeoutError)
    expect(err.message).to.match(
      /^zmq-harness: subscribed timed out: expected a subscription matching topic "new" on xpub socket \(bind tcp:\/\/127\.0\.0\.1:\d+\), got only subscriptions to "news" after 30 ms\./,
    )
  })

  it("resolves with no topic on any subscription, the empty one included", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    await socket("sub", { connect: pub.endpoint })
    await pub.subscribed()
    await pub.subscribed("anything")
  })

  it("times out with no topic when nobody subscribed", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    await socket("sub", { connect: pub.endpoint, subscribe: [] })
    const err = await rejection(() => pub.subscribed(undefined, { timeout: 30 }))
    expect(err.message).to.include("expected a subscription on xpub socket")
    expect(err.message).to.include("got no subscription after 30 ms")
  })

  it("forgets a subscription that was withdrawn", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const xsub = await socket("xsub", { connect: pub.endpoint })
    await xsub.sendFrames([Buffer.from("\x01a")])
    await pub.subscribed("a")
    await xsub.sendFrames([Buffer.from("\x00a")])
    await xsub.sendFrames([Buffer.from("\x01b")])
    await pub.subscribed("b")
    const err = await rejection(() => pub.subscribed("a", { timeout: 20 }))
    expect(err.message).to.include('got only subscriptions to "b"')
  })

  it("is refused on a pub socket, pointing at xpub", async () => {
    const pub = await socket("pub", { bind: "tcp://127.0.0.1:*" })
    const err = await rejection(() => pub.subscribed("a"))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      `zmq-harness: expected an xpub socket for subscribed(), got ${pub.name}. ` +
        "A pub socket cannot see subscriptions: make it with socket('xpub', …) instead.",
    )
  })

  // Regression: a message read while waiting was pushed back into the queue and read again at
  // once, forever, starving the event loop.
  it("does not spin on a non-subscription message it read while waiting", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
    const xsub = await socket("xsub", { connect: pub.endpoint })
    await xsub.sendFrames(["hello", "world"])
    await xsub.sendFrames([Buffer.from("\x01t")])
    await pub.subscribed("t")
    const err = await rejection(() => pub.subscribed("u", { timeout: 30 }))
    expect(err).to.be.instanceOf(TimeoutError)
    expect(await pub.recv({ json: false })).to.deep.equal([
      Buffer.from("hello"),
      Buffer.from("world"),
    ])
  })
})
