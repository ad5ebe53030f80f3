import * as path from "node:path"
import { expect } from "chai"
import * as sinon from "sinon"
import { normalizers, socket, startProcess } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { waitUntilGone } from "./support/pids"

const front = path.join(__dirname, "..", "fixtures", "system", "app", "front.js")

// Client emulation: start the whole application (a front process that starts
// its own worker process) and talk to it only as its client would, through a
// test socket. Nothing inside the application is replaced or observed.
describe("two-process pong application, as its client @system", () => {
  async function start() {
    const listening = /listening on (tcp:\/\/\S+)/
    const app = await startProcess("node", [front, "tcp://127.0.0.1:*"], { ready: listening })
    const [, endpoint] = await app.waitForOutput(listening)
    return { app, endpoint }
  }

  it("answers a client's ping through its worker process", async () => {
    const { app, endpoint } = await start()
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])

    // The answer came from another process: the worker the front started.
    await req.send(["whoami"])
    const [[who, workerPid]] = (await expect(req).to.receive([["worker", sinon.match.number]])) as [
      [string, number],
    ]
    expect(who).to.equal("worker")
    expect(workerPid).to.not.equal(app.pid)
    expect(app.stdout).to.include(`worker started (pid ${workerPid})`)

    const status = await app.stop()
    expect(status).to.deep.equal({ code: 0, signal: null })
    expect(app.stderr).to.equal("")
    expect(app.stdout).to.matchGolden("test/fixtures/system/golden/app.out", {
      normalize: [
        normalizers.pids,
        normalizers.ports,
        normalizers.replace(/\["worker",\d+\]/g, '["worker",<pid>]'),
      ],
    })
    await waitUntilGone([workerPid])
  })

  it("routes each reply to the client that asked", async () => {
    const { endpoint } = await start()
    const clients = await Promise.all([1, 2, 3].map(() => socket("req", { connect: endpoint })))
    await Promise.all(clients.map((c, i) => c.send(["ping", i])))
    await Promise.all(clients.map((c, i) => expect(c).to.receive([["pong", i]])))
  })

  it("is stopped with its worker when the test ends", async () => {
    const { app, endpoint } = await start()
    const req = await socket("req", { connect: endpoint })
    await req.send(["whoami"])
    const [[, workerPid]] = (await req.recv()) as [[string, number]]
    // The test's scope stops the app when the test ends; close it now to check.
    await currentScope().close()
    await waitUntilGone([app.pid, workerPid])
  })
})
