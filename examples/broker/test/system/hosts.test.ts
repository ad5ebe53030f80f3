import { expect } from "chai"
import { socket, topology, topologySupport, type TestSocket } from "zmq-harness"

// The broker in heartbeat mode on one host, two workers on two others: the network between
// them is cut for real (Linux network namespaces and nftables; see docs/topology.md), where
// the @process tests could only freeze a worker. Skipped where topologySupport() says no.
describe("broker across hosts @system", function () {
  this.timeout(20000)
  const heartbeat = 100
  const liveness = 3

  before(function () {
    const support = topologySupport()
    if (!support.ok) {
      console.log(`      skipped: ${support.reason}`)
      this.skip()
    }
  })

  async function startAll() {
    const net = await topology({ hosts: ["broker", "w1", "w2"] })
    const args = [
      "tcp://*:5555",
      "tcp://*:5556",
      "--heartbeat",
      `${heartbeat}`,
      "--liveness",
      `${liveness}`,
    ]
    const broker = await net
      .host("broker")
      .startModule("src/broker.ts", args, { ready: "tcp://*:5556" })
    const backend = net.host("broker").endpoint(5556)
    const worker = (name: string) =>
      net
        .host(name)
        .startModule("src/worker.ts", [backend, "--name", name, "--heartbeat", `${heartbeat}`])
    const workers = { w1: await worker("w1"), w2: await worker("w2") }
    await broker.waitForOutput("worker w1 ready")
    await broker.waitForOutput("worker w2 ready")
    // The test's own socket is on no host: it reaches the broker whatever is cut between hosts.
    const client = await socket("req", {
      connect: net.host("broker").endpoint(5555),
      name: "client",
    })
    return { net, broker, workers, client }
  }

  /** Sends `count` jobs one after the other; returns who did each. */
  async function jobs(client: TestSocket, from: number, count: number) {
    const by: string[] = []
    for (let n = from; n < from + count; n++) {
      await client.send(["job", n])
      const [[done, job, name]] = (await client.recv()) as [[string, number, string]]
      expect([done, job]).to.deep.equal(["done", n])
      by.push(name)
    }
    return by
  }

  it("takes a worker cut off by a partition out of rotation, and back after the heal", async () => {
    const { net, broker, client } = await startAll()
    expect(new Set(await jobs(client, 1, 4))).to.deep.equal(new Set(["w1", "w2"]))

    await net.partition(["broker", "w1"], ["w2"])
    await broker.waitForOutput(/worker w2 gone, silent for \d+ ms/)
    expect(await jobs(client, 5, 4)).to.deep.equal(["w1", "w1", "w1", "w1"])

    await net.heal()
    // TCP resumes at its next retransmission (backoff: about 0.2, 0.6, 1.4 s…), then w2 speaks.
    await broker.waitForOutput(/worker w2 back after \d+ ms/, { timeout: 10000 })
    expect(await jobs(client, 9, 4)).to.include("w2")
  })

  it("notices a one-way partition (broker → w2 lost) by heartbeats within liveness + 1 intervals", async () => {
    const { net, broker, workers, client } = await startAll()
    await net.partition({ from: "broker", to: "w2" })
    // w2 → broker is still open, but w2's data stops once its retransmission timeout fires
    // (the broker's acknowledgements are lost): the broker hears nothing more from it.
    const [, silent] = await broker.waitForOutput(/worker w2 gone, silent for (\d+) ms/)
    expect(Number(silent)).to.be.within(liveness * heartbeat, (liveness + 1) * heartbeat + 400) // + 400 ms for a loaded machine
    expect(await jobs(client, 1, 3)).to.deep.equal(["w1", "w1", "w1"])
    expect(workers.w2.stdout, "a silent loss is no disconnect").to.not.include("disconnected")
  })

  it('notices mode "reset" at once: the worker\'s next heartbeat meets a reset', async () => {
    const { net, workers } = await startAll()
    const cut = performance.now()
    await net.partition(["broker"], ["w2"], { mode: "reset" })
    await workers.w2.waitForOutput("w2 disconnected from")
    // One heartbeat interval, plus 400 ms for a loaded machine; a silent loss would show nothing.
    expect(performance.now() - cut).to.be.below(heartbeat + 400)
    expect(workers.w1.stdout).to.not.include("disconnected")
  })
})
