// docs/processes.md of v0.1.0: its examples that run as tests, as printed,
// against the compiled pong program the page starts (dist/pong.js, shipped
// with this suite). Added only the `expect` import the page left out, and
// the describe/it around the fragments that had none.
import { expect } from "chai"
import { socket, startModule, startProcess } from "zmq-harness"

it("answers ping", async () => {
  const pong = await startProcess("node", ["dist/pong.js", "--port", "47615"], {
    ready: /listening on/,
    stop: { signal: "SIGINT" },
  })
  const req = await socket("req", { connect: "tcp://127.0.0.1:47615" })
  await req.send(["ping", 1])
  await expect(req).to.receive([["pong", 1]])
  // no stop needed: the end of the test stops it
})

describe("processes.md fragments @process", () => {
  it("reads the endpoint a process printed, pauses and resumes it", async () => {
    const pong = await startModule("dist/pong.js", [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 2]])

    pong.pause()
    await req.send(["ping", 3])
    await expect(req).to.receiveNothing({ timeout: 100 })
    pong.resume()
    await expect(req).to.receive([["pong", 3]])
  })

  it("stops a process with a stop message", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47611" })
    const pong = await startModule("dist/pong.js", ["--port", "47611"], {
      ready: "tcp://127.0.0.1:47611",
      stop: { send: [req, ["plzdiekthxbye", null]] },
    })
    const { code } = await pong.stop()
    expect(code).to.equal(0)
  })
})
