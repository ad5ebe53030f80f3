import { expect } from "chai"
import { startModule } from "zmq-harness"

// Client and server both as processes: the zguide's own demonstrations.
describe("lazy pirate client and flaky server @process", () => {
  async function startServer(args: string[]) {
    const server = await startModule("src/server.ts", args, { ready: /listening on/ })
    const [, endpoint] = await server.waitForOutput(/listening on (\S+)/)
    return { server, endpoint }
  }

  it("gets its answer from an overloaded server by asking again", async () => {
    const { server, endpoint } = await startServer(["--slow-every", "2", "--slow-ms", "800"])
    const args = [endpoint, "--requests", "3", "--timeout", "500"]
    const client = await startModule("src/client.ts", args)
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include(
      "request 2: no reply within 500 ms, reconnecting (attempt 2 of 4)\n",
    )
    // The resend is answered once the server is free (attempt 2, or later on a loaded machine).
    expect(client.stdout).to.match(/request 2: ok \(attempt [234]\)\n/)
    expect(client.stdout).to.include("done: 3 ok, 0 abandoned\n")
    await server.waitForOutput("slow on request 2")
  })

  it("gives a crashed server up, and exits 1", async () => {
    const { endpoint } = await startServer(["--crash-at", "2"])
    const client = await startModule(
      "src/client.ts",
      [endpoint, "--timeout", "500", "--retries", "2"],
      { failOnExit: false },
    )
    expect(await client.exited).to.deep.equal({ code: 1, signal: null })
    expect(client.stdout).to.include(
      "request 2: no reply within 500 ms, reconnecting (attempt 2 of 3)\n" +
        "request 2: no reply within 500 ms, reconnecting (attempt 3 of 3)\n" +
        "request 2: no reply within 500 ms; server gone, no reply to 3 attempts\n",
    )
  })
})
