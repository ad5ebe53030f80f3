import { expect } from "chai"
import { faultyLink, socket, startModule, type TestSocket } from "zmq-harness"

// The broker in heartbeat mode, with worker "a" behind a fault link and
// worker "b" connected directly. A fault on the link must take "a" out of
// rotation (no request sent into the void), healing it must bring "a" back.
describe("broker under network faults @process", () => {
  const heartbeat = 100

  async function startAll() {
    const broker = await startModule("src/broker.ts", ["--heartbeat", `${heartbeat}`], {
      ready: /backend on/,
    })
    const [, frontend] = await broker.waitForOutput(/frontend on (\S+)/)
    const [, backend] = await broker.waitForOutput(/backend on (\S+)/)
    const link = await faultyLink({ target: backend, name: "link to worker a" })
    const worker = (name: string, endpoint: string) =>
      startModule("src/worker.ts", [endpoint, "--name", name, "--heartbeat", `${heartbeat}`])
    await worker("a", link.endpoint)
    await worker("b", backend)
    await broker.waitForOutput("worker a ready")
    await broker.waitForOutput("worker b ready")
    const client = await socket("req", { connect: frontend, name: "client" })
    return { broker, link, client }
  }

  /** Sends jobs `from`…`from + count - 1` one after the other; returns who did each. */
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

  // A cut closes the connections (TCP tells the broker); a blackhole keeps
  // them open and forwards nothing (only the missing heartbeats tell).
  for (const fault of ["cut", "blackhole"] as const) {
    it(`takes a worker behind a link out of rotation under ${fault}, and back after heal`, async () => {
      const { broker, link, client } = await startAll()
      expect(await jobs(client, 1, 4)).to.include("a")

      link[fault]()
      await broker.waitForOutput(/worker a gone, silent for \d+ ms/)
      expect(await jobs(client, 5, 4)).to.deep.equal(["b", "b", "b", "b"])

      link.heal()
      await broker.waitForOutput(/worker a back after \d+ ms/)
      expect(await jobs(client, 9, 4)).to.include("a")
    })
  }
})
