import { expect } from "chai"
import { socket, topology, topologySupport, type Topology } from "zmq-harness"

// Jepsen's classic: five nodes, the network split into a majority and a minority. The store
// (src/kv-node.ts) acknowledges a write once a majority has it and reads from a majority, so a
// client that moves to the majority side must find every write it was told was done. The same
// test catches a store that acknowledges too early (--quorum 1).
describe("replicated store split into a majority and a minority @system", function () {
  this.timeout(30000)
  const nodes = ["n1", "n2", "n3", "n4", "n5"]
  const PORT = 5555

  before(function () {
    const support = topologySupport()
    if (!support.ok) {
      console.log(`      skipped: ${support.reason}`)
      this.skip()
    }
  })

  async function startStore(extra: string[] = []): Promise<Topology> {
    const net = await topology({ hosts: nodes })
    await Promise.all(
      nodes.map((id) => {
        const peers = nodes.filter((n) => n !== id).map((n) => net.host(n).endpoint(PORT))
        const args = ["--id", id, "--port", `${PORT}`, "--peers", peers.join(","), ...extra]
        return net.host(id).startModule("src/kv-node.ts", args, { ready: `tcp://*:${PORT}` })
      }),
    )
    return net
  }

  /** A client of one node: set and get, each one request. */
  async function clientOf(net: Topology, node: string) {
    const req = await socket("req", {
      connect: net.host(node).endpoint(PORT),
      name: `client of ${node}`,
    })
    return {
      set: async (key: string, value: unknown) => {
        await req.send(["set", key, value])
        const [[status]] = (await req.recv({ timeout: 5000 })) as [[string]]
        return status
      },
      get: async (key: string) => {
        await req.send(["get", key])
        const [[status, value]] = (await req.recv({ timeout: 5000 })) as [[string, unknown]]
        return status === "value" ? value : status
      },
    }
  }

  /** Writes k<from>…k<to - 1>; returns the keys whose write was acknowledged. */
  async function write(client: Awaited<ReturnType<typeof clientOf>>, from: number, to: number) {
    const acknowledged: string[] = []
    for (let i = from; i < to; i++)
      if ((await client.set(`k${i}`, i)) === "ok") acknowledged.push(`k${i}`)
    return acknowledged
  }

  it("keeps every acknowledged write when a client moves to the majority side", async () => {
    const net = await startStore()
    const before = await write(await clientOf(net, "n1"), 0, 5)
    expect(before).to.have.length(5)

    await net.partition(["n1", "n2"], ["n3", "n4", "n5"])
    // The minority cannot reach a majority: it refuses rather than acknowledge.
    expect(await (await clientOf(net, "n1")).set("k5", 5)).to.equal("unavailable")
    // The client reconnects to a node of the majority, which goes on.
    const survivor = await clientOf(net, "n4")
    const during = await write(survivor, 6, 9)
    expect(during).to.have.length(3)
    for (const key of [...before, ...during])
      expect(await survivor.get(key), key).to.equal(Number(key.slice(1)))

    await net.heal()
    // n1's connections resume at TCP's next retransmission (backoff: 0.2, 0.6, 1.4 s…): until
    // then its reads find no majority. Each read is bounded (500 ms in the node); so is the wait.
    const back = await clientOf(net, "n1")
    const deadline = performance.now() + 10000
    let value = await back.get("k6")
    while (value === "unavailable" && performance.now() < deadline) value = await back.get("k6")
    expect(value, "k6 after the heal").to.equal(6)
    for (const key of during)
      expect(await back.get(key), `${key} after the heal`).to.equal(Number(key.slice(1)))
  })

  it("catches a store that acknowledges before a majority has the write (--quorum 1)", async () => {
    const net = await startStore(["--quorum", "1"])
    await net.partition(["n1", "n2"], ["n3", "n4", "n5"])
    // Acknowledged by n1 alone, inside the minority…
    expect(await (await clientOf(net, "n1")).set("k0", 0)).to.equal("ok")
    // …and missing on the majority side: the lost update the first test guards against.
    expect(await (await clientOf(net, "n4")).get("k0")).to.equal(null)
  })
})
