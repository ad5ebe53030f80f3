import { expect } from "chai"
import { startModule } from "zmq-harness"

// The heartbeat monitor against the real server, frozen with SIGSTOP: the
// connection stays up, so only the missing pongs can tell.
describe("heartbeat monitor @process", () => {
  it("notices a frozen server within its liveness, and sees it back", async () => {
    const server = await startModule("src/server.ts", [], { ready: /listening on/ })
    const [, endpoint] = await server.waitForOutput(/listening on (\S+)/)
    const interval = 200
    const liveness = 2
    const monitor = await startModule("src/heartbeat.ts", [
      endpoint,
      "--interval",
      `${interval}`,
      "--liveness",
      `${liveness}`,
    ])
    await monitor.waitForOutput("server alive")

    server.pause()
    const [, silent] = await monitor.waitForOutput(/server silent for (\d+) ms/)
    // Within liveness + 1 intervals of the last pong (../unit/liveness.test.ts), plus 400 ms
    // for the timers of a loaded machine.
    expect(Number(silent)).to.be.within(liveness * interval, (liveness + 1) * interval + 400)

    server.resume()
    await monitor.waitForOutput(/server back after \d+ ms/)
  })
})
