import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// The flaky server runs as a process; a REQ test socket plays the client.
describe("flaky server @process", () => {
  async function startServer(args: string[] = []) {
    const server = await startModule("src/server.ts", args, { ready: /listening on/ })
    const [, endpoint] = await server.waitForOutput(/listening on (\S+)/)
    const client = await socket("req", { connect: endpoint, name: "client" })
    return { server, client }
  }

  it("answers work with its number, and a ping with a pong", async () => {
    const { server, client } = await startServer()
    await client.send(["work", 1])
    await expect(client).to.receive([["done", 1]])
    await client.send(["ping", 7])
    await expect(client).to.receive([["pong", 7]])
    await server.waitForOutput("answered 1")
  })

  it("answers anything else with an error", async () => {
    const { client } = await startServer()
    await client.sendFrames(["hello"])
    await expect(client).to.receive([
      ["error", 'expected ["work", <integer>] or ["ping", <integer>], got "hello"'],
    ])
  })

  it("answers requests number n, 2n… late with --slow-every", async () => {
    const { client } = await startServer(["--slow-every", "2", "--slow-ms", "300"])
    await client.send(["work", 1])
    await expect(client).to.receive([["done", 1]], { timeout: 200 })
    await client.send(["work", 2])
    await expect(client).to.receiveNothing({ timeout: 200 })
    await expect(client).to.receive([["done", 2]], { timeout: 2000 })
  })

  it("exits without answering request number n with --crash-at", async () => {
    const { server, client } = await startServer(["--crash-at", "2"])
    await client.send(["work", 1])
    await expect(client).to.receive([["done", 1]])
    await client.send(["work", 2])
    expect(await server.exited).to.deep.equal({ code: 0, signal: null })
    expect(server.stdout).to.match(/answered 1\ncrashing at request 2\n$/)
  })
})
