import { expect } from "chai"
import * as path from "node:path"
import { faultyLink, freePort, socket, startModule, TimeoutError } from "../../lib"
import { rejection } from "../helpers/rejection"
import { timed } from "./helpers"

const pong = path.join(__dirname, "../fixtures/processes/pong.js")
const pinger = path.join(__dirname, "fixtures/pinger.js")

describe("faultyLink with processes under test @process", () => {
  it("sits in front of a process that binds: delay, cut and heal", async () => {
    const port = await freePort()
    const app = `tcp://127.0.0.1:${port}`
    await startModule(pong, ["--port", String(port)], { ready: app })
    const link = await faultyLink({ target: app })
    const req = await socket("req", { connect: link.endpoint, timeout: 3000 })
    link.delay(60)
    const ms = await timed(async () => {
      await req.send(["ping", 1])
      await expect(req).to.receive([["pong", 1]])
    })
    expect(ms).to.be.at.least(119)
    link.clear().cut()
    await req.send(["ping", 2])
    const err = await rejection(() => req.recv({ timeout: 300 }))
    expect(err).to.be.instanceOf(TimeoutError)
    link.heal()
    await expect(req).to.receive([["pong", 2]], { timeout: 5000 })
  })

  it("sits in front of the peer a process connects to: drops its first request", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*", json: 1 })
    const link = await faultyLink({ target: router.endpoint, name: "pinger → router" })
    const proc = await startModule(pinger, ["--connect", link.endpoint], {
      ready: /connecting to/,
    })
    await router.connected()
    link.drop({ direction: "upstream", times: 1 })
    proc.child.stdin!.write("send 1\nsend 2\n")
    // The first request never reaches the router; the second does.
    const [id, body] = await router.recv()
    expect(body).to.deep.equal(["ping", 2])
    await router.sendFrames([id as Buffer, '["pong",2]'])
    await proc.waitForOutput('got ["pong",2]')
    expect(link.stats.faults.dropped).to.equal(1)
    expect(
      link.transcript.find((e) => e.note?.startsWith("dropped"))?.frames?.map(String),
    ).to.deep.equal(['["ping",1]'])
  })
})
