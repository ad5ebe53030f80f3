import { expect } from "chai"
import * as zmq from "zeromq"
import { faultyLink, socket, UnreadableStreamError } from "../../lib"
import { childMochaArgs, runChildMocha } from "../helpers/child-mocha"
import { timed } from "./helpers"

/** A CURVE rep server and a req client connected to it through a link. */
async function curveThroughLink() {
  const server = zmq.curveKeyPair()
  const client = zmq.curveKeyPair()
  const rep = await socket("rep", {
    bind: "tcp://127.0.0.1:*",
    curveServer: true,
    curveSecretKey: server.secretKey,
  })
  const link = await faultyLink({ target: rep.endpoint, seed: 42 })
  const req = await socket("req", {
    connect: link.endpoint,
    curveServerKey: server.publicKey,
    curvePublicKey: client.publicKey,
    curveSecretKey: client.secretKey,
    timeout: 5000,
  })
  await req.connected()
  return { rep, link, req }
}

describe("faultyLink on a CURVE stream", () => {
  it("still delays it (byte-level faults work on encrypted bytes)", async () => {
    const { rep, link, req } = await curveThroughLink()
    link.delay(100)
    const ms = await timed(async () => {
      await req.send(["secret"])
      await expect(rep).to.receive([["secret"]])
      await rep.send(["also secret"])
      await expect(req).to.receive([["also secret"]])
    })
    expect(ms).to.be.at.least(199)
    expect(link.stats.upstream.messages).to.equal(0) // it cannot see them
    expect(link.stats.upstream.bytes).to.be.greaterThan(64)
  })

  it("refuses a message-level fault with UnreadableStreamError, naming the mechanism and seed", async () => {
    const { link } = await curveThroughLink()
    let err: unknown
    try {
      link.drop({ every: 2 })
    } catch (e) {
      err = e
    }
    expect(err).to.be.instanceOf(UnreadableStreamError)
    expect((err as UnreadableStreamError).code).to.equal("ERR_ZMQH_UNREADABLE_STREAM")
    expect((err as Error).message).to.equal(
      `zmq-harness: expected a ZeroMQ stream the link can read for \`drop\`, got a connection using CURVE ` +
        `(its frames are encrypted) on ${link.name} (seed 42). Message-level faults (drop, duplicate, reorder) ` +
        "need the NULL or PLAIN mechanism; on CURVE use byte-level faults (delay, cut, blackhole, bandwidth).",
    )
    expect(link.describe()).to.include("faults none")
  })

  it("fails the test when a CURVE connection comes after a message-level fault was set", async function () {
    this.timeout(30_000)
    const run = await runChildMocha(childMochaArgs(["test/faults/fixtures/curve-after-drop.ts"]), {
      timeoutMs: 25_000,
    })
    expect(run.failed, run.output).to.equal(1)
    expect(run.output).to.include("UnreadableStreamError")
    expect(run.output).to.include("for `drop every 2`, got a connection using CURVE")
    expect(run.output).to.include("(seed 42)")
  })
})
