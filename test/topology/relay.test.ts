import { expect } from "chai"
import { peer, socket, TimeoutError, topology, UsageError, type Topology } from "../../lib"
import { rejection } from "../helpers/rejection"
import { FIXTURES, requireTopology } from "./helpers"

/** What one REQ request from a program in `from` to `endpoint` got. */
async function requestFrom(
  net: Topology,
  from: string,
  endpoint: string,
  ms = 500,
): Promise<string> {
  const { stdout } = await net
    .host(from)
    .runProgram("node", [`${FIXTURES}/req-once.js`, endpoint, String(ms)])
  return stdout.trim()
}

describe("topology: relays put the test's own sockets in a host @system", function () {
  this.timeout(20000)
  before(function () {
    requireTopology(this)
  })

  it("places a mock peer in a host: programs elsewhere reach it, and partitions cut them", async () => {
    const net = await topology({ hosts: ["app", "svc"] })
    const backend = await peer("rep", { bind: `tcp://${net.testAddress}:*` })
    backend.on(["ping"]).reply(["pong"]).persist()
    const relay = await net.host("svc").relay({ to: backend.endpoint, port: 5555 })
    expect(relay.endpoint).to.equal(net.host("svc").endpoint(5555))
    expect(relay.process.name).to.match(
      /^process "\S+ \S+zmq-harness-relay-\w+\.js .*" \(pid \d+\) in host "svc"$/,
    )

    expect(await requestFrom(net, "app", relay.endpoint)).to.equal("pong")
    await net.partition(["app"], ["svc"])
    expect(await requestFrom(net, "app", relay.endpoint)).to.equal("timeout")
    await net.heal()
    expect(await requestFrom(net, "app", relay.endpoint)).to.equal("pong")
  })

  it("lets a test socket connect out from a host, cut like that host's programs", async () => {
    const net = await topology({ hosts: ["client", "server"] })
    await net
      .host("server")
      .startProcess("node", [`${FIXTURES}/bind.js`, "tcp://*:5555"], { ready: "tcp://*:5555" })
    const exit = await net.host("client").relay({ to: net.host("server").endpoint(5555) })
    const req = await socket("req", { connect: exit.endpoint })
    await req.send(["ping"])
    expect(await req.recv({ json: false })).to.deep.equal([Buffer.from('re:["ping"]')])
    await net.partition(["client"], ["server"], { mode: "reset" })
    // The relay's leg from "client" to "server" meets a reset; the relay resets the test's leg.
    await req.send(["again"])
    expect(await rejection(() => req.recv({ timeout: 500 }))).to.be.instanceOf(TimeoutError)
    const direct = await socket("req", { connect: net.host("server").endpoint(5555) })
    await direct.send(["the test itself is on no host"])
    expect(await direct.recv({ json: false })).to.deep.equal([
      Buffer.from('re:["the test itself is on no host"]'),
    ])
  })

  it("refuses a target that is not a TCP endpoint with an IPv4 address", async () => {
    const net = await topology({ hosts: ["a"] })
    const err = await rejection(() => net.host("a").relay({ to: "ipc:///tmp/x" }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.match(
      /^zmq-harness: expected the relay's `to` to be a TCP endpoint .*got "ipc:\/\/\/tmp\/x"\./,
    )
  })
})
