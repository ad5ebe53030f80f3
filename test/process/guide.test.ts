// The examples of docs/processes.md, run as tests. Keep the two in step.
import { expect } from "chai"
import { ProcessExitedError, socket, startModule, startProcess } from "../../lib"

const PONG = "test/fixtures/processes/pong.js"

describe("docs/processes.md examples @process", () => {
  it("starts a process, waits until it is ready and talks to it", async () => {
    const pong = await startProcess("node", [PONG, "--port", "47615"], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const req = await socket("req", { connect: "tcp://127.0.0.1:47615", timeout: 3000 })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
    expect(pong.stdout).to.equal("listening on tcp://127.0.0.1:47615\n")
    // no stop needed: the test's end stops it (SIGINT here, SIGKILL after 2 s)
  })

  it("reads a random port from the output", async () => {
    const pong = await startModule(PONG, [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, timeout: 3000 })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 2]])
  })

  it("stops it with a stop message, as the article does", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47611", timeout: 3000 })
    const pong = await startModule(PONG, ["--port", "47611"], {
      ready: "tcp://127.0.0.1:47611",
      stop: { send: [req, ["plzdiekthxbye", null]] },
    })
    expect(await pong.stop()).to.deep.equal({ code: 0, signal: null })
  })

  it("fails at once when the process crashes", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    await startProcess("node", ["test/fixtures/processes/crasher.js", "--after", "100"], {
      ready: /started/,
    })
    const err = await rep.recv().catch((e: Error) => e) // fails well before 5000 ms
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect((err as ProcessExitedError).status).to.deep.equal({ code: 3, signal: null })
  })

  it("expects an exit: a command line that refuses an unknown option", async () => {
    const proc = await startProcess("node", [
      "-e",
      "console.error('unknown option --colour'); process.exit(2)",
    ])
    await expect(proc).to.exit(2)
    expect(proc.stderr).to.include("unknown option --colour")
  })

  it("pauses a process to see how its peer copes", async () => {
    const pong = await startModule(PONG, [], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, timeout: 3000 })
    pong.pause()
    await req.send(["ping", 3])
    await expect(req).to.receiveNothing({ timeout: 100 })
    pong.resume()
    await expect(req).to.receive([["pong", 3]])
  })
})
