import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// Process tests: one real pong process, and a test REQ socket that stands in
// for the ping client. Every wait is bounded; the harness stops the process
// and closes the socket when each test ends, pass or fail.
describe("pong process @process", () => {
  async function startPong() {
    const pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, name: "ping client" })
    return { pong, req }
  }

  it("answers a ping with a pong", async () => {
    const { req } = await startPong()
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  })

  it("answers a message that is not JSON with an error", async () => {
    const { req } = await startPong()
    await req.sendFrames(["ping"])
    await expect(req).to.receive([["error", 'expected a JSON frame, got "ping"']])
  })

  it("stops on the stop message, without a reply, and exits 0", async () => {
    const { pong, req } = await startPong()
    await req.send(["plzdiekthxbye", null])
    expect(await pong.exited).to.deep.equal({ code: 0, signal: null })
    expect(pong.stdout).to.match(/stopped\n$/)
  })

  it("stops on SIGINT and exits 0", async () => {
    const { pong } = await startPong()
    await pong.stop()
    expect((await pong.exited).code).to.equal(0)
    expect(pong.stdout).to.include("interrupted\nstopped\n")
  })
})
