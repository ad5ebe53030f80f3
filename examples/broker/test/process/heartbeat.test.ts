import { expect } from "chai"
import { socket, startModule, type TestSocket } from "zmq-harness"

// The broker in heartbeat mode, with two real workers. A worker frozen with
// SIGSTOP keeps its connection open: only the missing heartbeats tell the
// broker, which must then stop sending it requests.
describe("broker with heartbeats @process", () => {
  const heartbeat = 100

  async function startAll() {
    const broker = await startModule("src/broker.ts", ["--heartbeat", `${heartbeat}`], {
      ready: /backend on/,
    })
    const [, frontend] = await broker.waitForOutput(/frontend on (\S+)/)
    const [, backend] = await broker.waitForOutput(/backend on (\S+)/)
    const worker = (name: string) =>
      startModule("src/worker.ts", [backend, "--name", name, "--heartbeat", `${heartbeat}`])
    const workers = { a: await worker("a"), b: await worker("b") }
    await broker.waitForOutput("worker a ready")
    await broker.waitForOutput("worker b ready")
    const client = await socket("req", { connect: frontend, name: "client" })
    return { broker, workers, client }
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

  it("spreads jobs over its workers", async () => {
    const { client } = await startAll()
    expect(new Set(await jobs(client, 1, 4))).to.deep.equal(new Set(["a", "b"]))
  })

  it("takes a frozen worker out of rotation, and puts it back when it speaks again", async () => {
    const { broker, workers, client } = await startAll()
    workers.a.pause()
    const [, silent] = await broker.waitForOutput(/worker a gone, silent for (\d+) ms/)
    // Expired after 3 heartbeats of silence, at the next check; plus 400 ms for a loaded machine.
    expect(Number(silent)).to.be.within(3 * heartbeat, 4 * heartbeat + 400)
    expect(await jobs(client, 1, 4)).to.deep.equal(["b", "b", "b", "b"])

    workers.a.resume()
    await broker.waitForOutput(/worker a back after \d+ ms/)
    expect(await jobs(client, 5, 4)).to.include("a")
  })
})
