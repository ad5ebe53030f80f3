import { expect } from "chai"
import {
  PartitionError,
  ProcessExitedError,
  ProcessNotFoundError,
  socket,
  topology,
  UnknownHostError,
  UsageError,
  type Topology,
} from "../../lib"
import { rejection } from "../helpers/rejection"
import { FIXTURES, requireTopology } from "./helpers"

describe("topology: errors @system", function () {
  this.timeout(20000)
  before(function () {
    requireTopology(this)
  })

  let net: Topology
  beforeEach(async () => {
    net = await topology({ hosts: ["broker", "w1", "w2"] })
  })

  it("names the closest host for an unknown one", async () => {
    expect(() => net.host("wl")).to.throw(
      UnknownHostError,
      'zmq-harness: expected a host of this topology in net.host() ("broker", "w1", "w2"), got "wl". Perhaps you meant "w1"?',
    )
    const err = await rejection(() => net.partition(["broker"], ["w3"]))
    expect(err).to.be.instanceOf(UnknownHostError)
    expect(err.message).to.match(/in partition\(\) .*got "w3"\. Perhaps you meant "w1"\?$/)
    expect((await rejection(() => net.isolate("nobody"))).message).to.match(
      /got "nobody"\. Name one of them\.$/,
    )
  })

  it("refuses a partition that names a host twice", async () => {
    const twoGroups = await rejection(() => net.partition(["broker", "w1"], ["w1", "w2"]))
    expect(twoGroups).to.be.instanceOf(PartitionError)
    expect(twoGroups.code).to.equal("ERR_ZMQH_PARTITION")
    expect(twoGroups.message).to.equal(
      'zmq-harness: expected each host once in partition(), got "w1" in two groups. A host is on one side of a partition: ' +
        "name it in one group only (hosts named nowhere keep reaching everyone).",
    )
    expect((await rejection(() => net.partition(["w1", "w1"], ["w2"]))).message).to.include(
      '"w1" twice in one group',
    )
    expect((await rejection(() => net.partition({ from: "w1", to: "w1" }))).message).to.include(
      '"w1" in two groups',
    )
    expect((await rejection(() => net.partition(["w1"]))).message).to.match(/two or more groups/)
    expect(
      (await rejection(() => net.partition(["w1"], ["w2"], { mode: "lose" as "drop" }))).message,
    ).to.equal('zmq-harness: expected the partition\'s mode to be "drop" or "reset", got "lose".')
  })

  it("refuses host names a namespace cannot have, and a host named twice", async () => {
    for (const hosts of [["a b"], [""], ["x".repeat(33)], ["a", "a"]]) {
      expect((await rejection(() => topology({ hosts }))).code, JSON.stringify(hosts)).to.equal(
        "ERR_ZMQH_UNKNOWN_HOST",
      )
    }
    expect(await rejection(() => topology({ hosts: [] }))).to.be.instanceOf(UsageError)
  })

  it("refuses a ready endpoint on another host's address: a process binds in its own host", async () => {
    const other = net.host("w2").address
    const err = await rejection(() =>
      net.host("w1").startProcess("node", [`${FIXTURES}/bind.js`, `tcp://${other}:5555`], {
        ready: `tcp://${other}:5555`,
      }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      `zmq-harness: expected \`ready\` of a process in host "w1" to be an endpoint of that host (tcp://${net.host("w1").address}:5555, ` +
        `or tcp://*:5555), got tcp://${other}:5555, an address of host "w2". A process binds in its own host.`,
    )
  })

  it("says why a process could not bind in its host, and names the host", async () => {
    const other = net.host("w2").address
    const err = await rejection(() =>
      net
        .host("w1")
        .startProcess("node", [`${FIXTURES}/bind.js`, `tcp://${other}:5555`], { ready: /bound/ }),
    )
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(err.message).to.match(
      /^zmq-harness: expected process "node \S+bind.js tcp:\/\/\S+:5555" \(pid \d+\) in host "w1" to become ready/,
    )
    expect(err.message).to.include(
      `It could not bind in host "w1": a program there can bind tcp://${net.host("w1").address}:<port> (the host's address)`,
    )
    await net
      .host("w1")
      .startProcess("node", [`${FIXTURES}/bind.js`, "tcp://*:5555"], { ready: "tcp://*:5555" })
    const busy = await rejection(() =>
      net
        .host("w1")
        .startProcess("node", [`${FIXTURES}/bind.js`, "tcp://*:5555"], { ready: /bound/ }),
    )
    expect(busy.message).to.include(
      'It could not bind in host "w1": the port is taken by another program of the same host',
    )
  })

  it("fails the test's waits when a process crashes in its host, naming the host", async () => {
    const w1 = await net
      .host("w1")
      .startProcess("node", [`${FIXTURES}/bind.js`, "tcp://*:5555"], { ready: "tcp://*:5555" })
    const req = await socket("req", { connect: net.host("w1").endpoint(5555) })
    await req.send(["ping"])
    expect(await req.recv({ json: false })).to.deep.equal([Buffer.from('re:["ping"]')])
    await req.send(["crash"])
    const err = await rejection(() => req.recv({ timeout: 5000 }))
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(err.message).to.match(
      /^zmq-harness: expected process "node test\/topology\/fixtures\/bind.js "tcp:\/\/\*:5555"" \(pid \d+\) in host "w1" to keep running, got exit code 3 after \d+ ms\. Last 20 lines of its stderr:\n {2}crashing\n/,
    )
    expect(w1.describe()).to.match(
      /^process "node test\/topology\/fixtures\/bind.js "tcp:\/\/\*:5555"" \(pid \d+\) in host "w1": exited/,
    )
  })

  it("finds a missing program before nsenter would", async () => {
    const err = await rejection(() => net.host("w1").startProcess("no-such-program-zmqh"))
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.message).to.match(
      /^zmq-harness: expected a program "no-such-program-zmqh" to start, got ENOENT: no program of that name in PATH/,
    )
  })
})
