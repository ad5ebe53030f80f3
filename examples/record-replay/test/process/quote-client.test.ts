import { expect } from "chai"
import { cassetteNormalizers, record, replay, startModule, startProcess } from "zmq-harness"

// The client is tested against a cassette of the real server. The first run
// (or ZMQ_HARNESS_CASSETTES=update) starts the server and records what the
// client and the server say, through a proxy, into test/cassettes/quotes.json;
// every later run replays it, and the server is not started at all.
describe("quote client @process", () => {
  // What varies between runs: the request id and the server's time.
  const normalize = [cassetteNormalizers.jsonKeys("id", "at")]

  /** Starts the real server: called only when the cassette is recorded. */
  async function realServer(): Promise<string> {
    const server = await startProcess("node", ["-r", "ts-node/register", "src/quote-server.ts"], {
      ready: /quotes on (\S+)/,
    })
    const [, endpoint] = await server.waitForOutput(/quotes on (\S+)/)
    return endpoint
  }

  it("prints the price of each symbol (recorded once, replayed since)", async () => {
    const backend = await record("quotes", { type: "req", target: realServer, normalize })
    const client = await startModule("src/quote-client.ts", [backend.endpoint, "ACME", "GLOBEX"])
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.equal("ACME 101.25\nGLOBEX 42.5\n")
  })

  it("replays the cassette with replay(): the reply carries the live request's id", async () => {
    const fake = await replay("quotes", { bind: "tcp://127.0.0.1:*", type: "req", normalize })
    const client = await startModule("src/quote-client.ts", [fake.endpoint, "ACME", "GLOBEX"])
    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.equal("ACME 101.25\nGLOBEX 42.5\n")
  })
})
