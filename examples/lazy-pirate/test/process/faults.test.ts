import { expect } from "chai"
import { faultyLink, startModule } from "zmq-harness"

// The faults the Lazy Pirate and heartbeats exist for, made on purpose: a
// fault link sits between the client (or the monitor) and the real server,
// and the test sets the fault, then waits on what the programs print. No
// sleep: each step waits for the line that proves the one before.
describe("lazy pirate under network faults @process", () => {
  async function startServer(args: string[] = []) {
    const server = await startModule("src/server.ts", args, { ready: /listening on/ })
    const [, endpoint] = await server.waitForOutput(/listening on (\S+)/)
    const link = await faultyLink({ target: endpoint })
    return { server, link }
  }

  function startClient(endpoint: string, args: string[]) {
    return startModule("src/client.ts", [endpoint, ...args], { ready: /connecting to/ })
  }

  it("asks again when a reply is lost, and gets every answer", async () => {
    const { server, link } = await startServer()
    // The first reply to request 2 never arrives. (A rule on the message, not on a count of
    // messages: on a loaded machine a slow reply may be retried too, which shifts counts.)
    link.drop({ direction: "downstream", match: '["done",2]', times: 1 })
    const client = await startClient(link.endpoint, ["--requests", "3", "--timeout", "500"])

    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include(
      "request 2: no reply within 500 ms, reconnecting (attempt 2 of 4)\n",
    )
    expect(client.stdout).to.match(/request 2: ok \(attempt [234]\)\n/)
    expect(client.stdout).to.include("done: 3 ok, 0 abandoned\n")
    // The request got through, its reply was lost: the server did the work twice.
    expect(server.stdout).to.match(/answered 2\n(?:.*\n)*answered 2\n/)
    expect(link.stats.faults.dropped).to.equal(1)
  })

  it("reports the server gone while the link is cut, and recovers once it heals", async () => {
    const { link } = await startServer()
    const client = await startClient(link.endpoint, [
      ...["--requests", "0", "--persist", "--timeout", "500", "--retries", "1"],
      ...["--interval", "20"],
    ])
    await client.waitForOutput("request 2: ok")
    expect(client.stdout).to.not.include("server gone")

    link.cut()
    const [, gone] = await client.waitForOutput(
      /request (\d+): .*server gone, no reply to 2 attempts/,
    )

    link.heal()
    // The first request answered after the one given up: the client did not need a restart.
    const [, back] = await client.waitForOutput(/server gone[^]*\nrequest (\d+): ok/)
    expect(Number(back)).to.be.greaterThan(Number(gone))
    expect(link.stats.connections.cut).to.be.at.least(1)
  })

  it("notices a blackholed server within its heartbeat liveness", async () => {
    const { link } = await startServer()
    const interval = 200
    const liveness = 2
    const monitor = await startModule("src/heartbeat.ts", [
      ...[link.endpoint, "--interval", `${interval}`, "--liveness", `${liveness}`],
    ])
    await monitor.waitForOutput("server alive")

    // The connection stays open and silent: no TCP error will ever tell.
    link.blackhole()
    const [, silent] = await monitor.waitForOutput(/server silent for (\d+) ms/)
    // Within liveness + 1 intervals of the last pong (../unit/liveness.test.ts), plus 400 ms
    // for the timers of a loaded machine.
    expect(Number(silent)).to.be.within(liveness * interval, (liveness + 1) * interval + 400)

    link.heal()
    await monitor.waitForOutput(/server back after \d+ ms/)
  })

  it("retries a request delayed past its timeout", async () => {
    const { link } = await startServer()
    link.delay(400) // longer than the client waits
    const client = await startClient(link.endpoint, ["--requests", "1", "--timeout", "200"])

    await client.waitForOutput("request 1: no reply within 200 ms, reconnecting (attempt 2 of 4)")
    link.clear()
    expect((await client.exited).code).to.equal(0)
    // The client may have reconnected once more before the delay was cleared.
    expect(client.stdout).to.match(/request 1: ok \(attempt [234]\)\ndone: 1 ok, 0 abandoned\n$/)
  })

  it("ignores a duplicated reply, and asks again for the one it waits for", async () => {
    // A slow server answers the duplicate of request 1 while the client already waits for reply 2.
    const { server, link } = await startServer(["--work-ms", "500"])
    link.duplicate({ direction: "upstream", times: 1 })
    const client = await startClient(link.endpoint, ["--requests", "2", "--timeout", "2000"])

    expect((await client.exited).code).to.equal(0)
    expect(client.stdout).to.include(
      "request 1: ok (attempt 1)\n" +
        "request 2: ignored a reply to request 1, reconnecting (attempt 2 of 4)\n" +
        "request 2: ok (attempt 2)\n" +
        "done: 2 ok, 0 abandoned\n",
    )
    expect(server.stdout).to.include("answered 1\nanswered 1\n")
    expect(link.stats.faults.duplicated).to.equal(1)
  })
})
