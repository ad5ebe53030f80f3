import { expect } from "chai"
import sinon from "sinon"
import { socket, startModule } from "zmq-harness"

// The Lazy Pirate client runs as a process; the test plays its server with a
// ROUTER socket, which (unlike REP) may leave a request unanswered and shows
// by the routing id which connection each request came on.
describe("lazy pirate client @process", () => {
  const anyId = sinon.match.instanceOf(Buffer)

  async function startClient(args: string[], options = {}) {
    const server = await socket("router", { bind: "tcp://127.0.0.1:*", name: "server" })
    const client = await startModule("src/client.ts", [server.endpoint, ...args], {
      ready: /connecting to/,
      ...options,
    })
    return { server, client }
  }

  it("sends numbered requests, one at a time, and exits 0 when all are answered", async () => {
    const { server, client } = await startClient(["--requests", "2", "--timeout", "5000"])
    for (const seq of [1, 2]) {
      const [id] = await expect(server).to.receive([anyId, "", ["work", seq]])
      await server.send([id as Buffer, ""], ["done", seq])
    }
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include("request 1: ok (attempt 1)\nrequest 2: ok (attempt 1)\n")
    expect(client.stdout).to.include("done: 2 ok, 0 abandoned\n")
  })

  it("resends on a new connection when no reply comes within its timeout", async () => {
    const { server, client } = await startClient(["--requests", "1", "--timeout", "1000"])
    const [first] = await expect(server).to.receive([anyId, "", ["work", 1]])
    // No answer: the client gives up on this socket and asks again on a new one.
    const [second] = await expect(server).to.receive([anyId, "", ["work", 1]], { timeout: 5000 })
    expect(second).to.not.deep.equal(first)
    await server.send([second as Buffer, ""], ["done", 1])
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include(
      "request 1: no reply within 1000 ms, reconnecting (attempt 2 of 4)\nrequest 1: ok (attempt 2)\n",
    )
  })

  it("ignores a reply to another request, and asks again", async () => {
    const { server, client } = await startClient(["--requests", "2", "--timeout", "5000"])
    const [id] = await expect(server).to.receive([anyId, "", ["work", 1]])
    await server.send([id as Buffer, ""], ["done", 1])
    await expect(server).to.receive([id, "", ["work", 2]])
    await server.send([id as Buffer, ""], ["done", 1]) // the same reply again: a duplicate
    const [again] = await expect(server).to.receive([anyId, "", ["work", 2]])
    await server.send([again as Buffer, ""], ["done", 2])
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include(
      "request 2: ignored a reply to request 1, reconnecting (attempt 2 of 4)\nrequest 2: ok (attempt 2)\n",
    )
  })

  it("reports the server gone after its retries, and exits 1", async () => {
    const { server, client } = await startClient(["--timeout", "300", "--retries", "1"], {
      failOnExit: false,
    })
    // Never answered. (Whether the resend reaches the server depends on how fast the new
    // connection is made: the client gives it up after its timeout either way.)
    await expect(server).to.receive([anyId, "", ["work", 1]])
    expect(await client.exited).to.deep.equal({ code: 1, signal: null })
    expect(client.stdout).to.include(
      "request 1: no reply within 300 ms, reconnecting (attempt 2 of 2)\n" +
        "request 1: no reply within 300 ms; server gone, no reply to 2 attempts\n",
    )
  })
})
