import { expect } from "chai"
import sinon from "sinon"
import { socket, startModule } from "zmq-harness"

// The broker runs as a real process; the test plays its clients and its
// worker. A worker mimicked by a DEALER socket (instead of the REP a real
// worker uses) sees the whole routing envelope: [client id, "", body].
describe("broker @process", () => {
  async function startBroker() {
    const broker = await startModule("src/broker.ts", [], { ready: /backend on/ })
    const [, frontend] = await broker.waitForOutput(/frontend on (\S+)/)
    const [, backend] = await broker.waitForOutput(/backend on (\S+)/)
    const worker = await socket("dealer", { connect: backend, name: "worker" })
    await worker.connected()
    return { broker, frontend, worker }
  }

  it("carries a request to the worker inside its envelope, and the reply back", async () => {
    const { frontend, worker } = await startBroker()
    const client = await socket("req", { connect: frontend, name: "client" })

    await client.send(["job", 1])
    // The ROUTER made up the client's id: match any Buffer, keep it for the reply.
    const [id] = await expect(worker).to.receive([sinon.match.instanceOf(Buffer), "", ["job", 1]])
    await worker.send([id as Buffer, ""], ["done", 1])

    await expect(client).to.receive([["done", 1]])
  })

  it("routes each reply to the client that asked, by routing id", async () => {
    const { frontend, worker } = await startBroker()
    const alice = await socket("dealer", { connect: frontend, routingId: "alice" })
    const bob = await socket("dealer", { connect: frontend, routingId: "bob" })

    await alice.send([""], ["job", "a"])
    await expect(worker).to.receive(["alice", "", ["job", "a"]])
    await bob.send([""], ["job", "b"])
    await expect(worker).to.receive(["bob", "", ["job", "b"]])

    // Answer in the other order: each reply still reaches its own client.
    await worker.send(["bob", ""], ["done", "b"])
    await worker.send(["alice", ""], ["done", "a"])
    await expect(bob).to.receive(["", ["done", "b"]])
    await expect(alice).to.receive(["", ["done", "a"]])
  })

  it("answers a request that is not JSON without bothering the worker", async () => {
    const { frontend, worker } = await startBroker()
    const client = await socket("req", { connect: frontend })

    await client.sendFrames(["job"])
    await expect(client).to.receive([["error", 'expected a JSON body, got "job"']])
    await expect(worker).to.receiveNothing({ timeout: 100 })
  })
})
