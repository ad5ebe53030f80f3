import { expect } from "chai"
import { runProgram, socket, startProcess } from "zmq-harness"

// System test by client emulation: start the program as a user would (node,
// its command line, nothing from the test inside it) and talk to it as its
// client does.
describe("pong server, emulating its client @system", () => {
  const node = ["-r", "ts-node/register/transpile-only"]

  it("serves a conversation and stops on request", async () => {
    const pong = await startProcess("node", [...node, "src/pong.ts"], { ready: /listening on/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const client = await socket("req", { connect: endpoint, name: "client" })

    for (const n of [1, 2, 3]) {
      await client.send(["ping", n])
      await expect(client).to.receive([["pong", n]])
    }
    await client.send(["ping", "four"])
    await expect(client).to.receive([
      ["error", 'expected ["ping", <integer>] or ["plzdiekthxbye",null], got ["ping","four"]'],
    ])
    await client.send(["plzdiekthxbye", null])

    expect(await pong.exited).to.deep.equal({ code: 0, signal: null })
  })

  it("fails cleanly when the client finds no server", async () => {
    // A port nobody listens on: the one of a socket this test bound and closed.
    const probe = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const endpoint = probe.endpoint
    await probe.close()

    const run = await runProgram(
      "node",
      [...node, "src/ping.ts", endpoint, "1", "--timeout", "300"],
      {
        timeout: 10000,
      },
    )
    expect(run.code).to.equal(1)
    expect(run.stderr).to.equal(`ping: no reply within 300 ms from ${endpoint}\n`)
  })
})
