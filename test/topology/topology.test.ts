import { expect } from "chai"
import * as net from "node:net"
import { topology, type Topology } from "../../lib"
import { rejection } from "../helpers/rejection"
import { echo, leftoversOf, prefixOf, probe, requireTopology } from "./helpers"

const PORT = 7000

/** Whether the test itself (the root namespace) connects to `address:port`. */
function testConnects(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const conn = net.connect(port, address)
    const done = (what: string) => {
      conn.destroy()
      resolve(what)
    }
    const timer = setTimeout(() => done("timeout"), 1000)
    conn.once("connect", () => (clearTimeout(timer), done("connected")))
    conn.once(
      "error",
      (err: NodeJS.ErrnoException) => (clearTimeout(timer), done(err.code ?? "error")),
    )
  })
}

describe("topology: hosts and partitions @system", function () {
  this.timeout(20000)
  before(function () {
    requireTopology(this)
  })

  let net3: Topology
  beforeEach(async () => {
    net3 = await topology({ hosts: ["a", "b", "c"] })
    await echo(net3.host("a"), PORT)
  })

  it("gives each host its address; hosts reach each other, and the test reaches every host", async () => {
    const [a, b, c] = ["a", "b", "c"].map((h) => net3.host(h))
    expect(new Set([a!.address, b!.address, c!.address]).size).to.equal(3)
    expect(a!.endpoint(PORT)).to.equal(`tcp://${a!.address}:${PORT}`)
    expect(await probe(b!, a!, PORT)).to.equal("connected")
    expect(await testConnects(a!.address, PORT)).to.equal("connected")
    // Each host has ports of its own: the same port is free in b.
    await echo(b!, PORT)
    expect(await probe(c!, b!, PORT)).to.equal("connected")
  })

  it("removes every namespace, link, rule, lock and process at the end", async () => {
    const prefix = prefixOf(net3)
    await net3.partition(["a"], ["b"])
    expect(leftoversOf(prefix)).to.include.members([
      `netns ${prefix}-a`,
      `link ${prefix}`,
      `nft table netdev ${prefix}`,
    ])
    const server = net3.host("a")
    await net3.close()
    expect(leftoversOf(prefix)).to.deep.equal([])
    const err = await rejection(() => server.startProcess("node", ["-v"]))
    expect(err.message).to.equal(
      "zmq-harness: expected startProcess() on a live topology, got one that was closed (its test or suite ended). " +
        "Make the topology in the test (or hook) that uses it.",
    )
  })

  it("drops silently between the groups of a partition, and not elsewhere; heal ends it", async () => {
    await net3.partition(["a"], ["b"])
    expect(await probe(net3.host("b"), net3.host("a"), PORT)).to.equal("timeout")
    expect(await probe(net3.host("c"), net3.host("a"), PORT), "c is in no group").to.equal(
      "connected",
    )
    expect(
      await testConnects(net3.host("a").address, PORT),
      "the test reaches every host",
    ).to.equal("connected")
    await net3.heal()
    expect(await probe(net3.host("b"), net3.host("a"), PORT)).to.equal("connected")
  })

  it('mode "reset" refuses at once', async () => {
    await net3.partition(["a"], ["b", "c"], { mode: "reset" })
    const started = performance.now()
    expect(await probe(net3.host("b"), net3.host("a"), PORT, 2000)).to.equal("ECONNREFUSED")
    expect(performance.now() - started).to.be.below(1500)
  })

  it("cuts one way: a connection needs both, so it fails from either side", async () => {
    await echo(net3.host("b"), PORT)
    await net3.partition({ from: "b", to: "a" })
    // b's SYN is lost; a's SYN reaches b, but b's SYN-ACK is lost.
    expect(await probe(net3.host("b"), net3.host("a"), PORT)).to.equal("timeout")
    expect(await probe(net3.host("a"), net3.host("b"), PORT)).to.equal("timeout")
    expect(await probe(net3.host("c"), net3.host("a"), PORT)).to.equal("connected")
    await net3.partition({ from: "b", to: "a", mode: "reset" })
    expect(await probe(net3.host("b"), net3.host("a"), PORT, 2000)).to.equal("ECONNREFUSED")
  })

  it("isolates a host from every other host, not from the test", async () => {
    await echo(net3.host("b"), PORT)
    await net3.isolate("a")
    expect(await probe(net3.host("b"), net3.host("a"), PORT)).to.equal("timeout")
    expect(await probe(net3.host("c"), net3.host("a"), PORT)).to.equal("timeout")
    expect(await probe(net3.host("c"), net3.host("b"), PORT)).to.equal("connected")
    expect(await testConnects(net3.host("a").address, PORT)).to.equal("connected")
  })

  it("limits the bandwidth between two hosts, in bytes per second, and lifts it", async () => {
    const bytes = 60_000
    const time = async () =>
      Number(/in (\d+) ms/.exec(await probe(net3.host("b"), net3.host("a"), PORT, 5000, bytes))![1])
    await net3.bandwidth("a", "b", 100_000)
    // 60 kB at 100 kB/s: about 600 ms (the burst HTB allows is small at this rate).
    expect(await time()).to.be.within(300, 4000)
    await net3.bandwidth("b", "a", Infinity)
    expect(await time()).to.be.below(300)
  })

  it("draws partitions as bands in its record, and names its hosts", async () => {
    await net3.partition(["a"], ["b"], { mode: "reset" })
    await net3.heal()
    await net3.partition({ from: "c", to: "a" })
    const record = net3.record()
    expect(record.kind).to.equal("topology")
    expect(record.bands!.map((b) => [b.label, b.concerns, b.end === undefined])).to.deep.equal([
      ["partition a | b (reset)", ["a", "b"], false],
      ["partition c → a (drop)", ["c", "a"], true],
    ])
    expect(record.entries.map((e) => e.event)).to.deep.equal([
      "up",
      "partition",
      "heal",
      "partition",
    ])
    expect(net3.describe()).to.match(
      /^topology \(a 198\.\S+, b .*\n {4}partition c → a \(drop\), in force for \d+ ms$/,
    )
  })
})
