import { expect } from "chai"
import * as path from "node:path"
import { startProcess } from "../../lib"
import { freePort, portFreesUp, portIsFree } from "../helpers/ports"
import { isRunning, stopsRunning } from "../process/running"
import { fixture } from "./support"
import { childMochaArgs } from "../helpers/child-mocha"

const root = path.join(__dirname, "../..")

/** Three free ports, outside the kernel's ephemeral range (see freePort). */
async function threePorts(): Promise<number[]> {
  return [await freePort(), await freePort(), await freePort()]
}

describe("Mocha interrupted by SIGINT in the middle of a test @process", function () {
  this.timeout(30000)

  it("kills every process under test and its children, frees every port, and dies of SIGINT", async () => {
    const PORTS = await threePorts()
    const mocha = await startProcess(
      process.execPath,
      childMochaArgs([fixture("interrupt.suite.ts")]),
      {
        cwd: root,
        env: { INTERRUPT_PORTS: PORTS.join(",") },
        ready: /UP \d+ \d+ \d+ \d+/,
        readyTimeout: 20000,
        failOnExit: false,
      },
    )
    const [, ...found] = await mocha.waitForOutput(/UP (\d+) (\d+) (\d+) (\d+)/)
    const pids = found.map(Number)
    for (const pid of pids)
      expect(isRunning(pid), `process ${pid} before the signal`).to.equal(true)
    for (const port of PORTS) expect(await portIsFree(port), `port ${port} before`).to.equal(false)

    mocha.kill("SIGINT")
    expect(await mocha.exited).to.deep.equal({ code: null, signal: "SIGINT" })
    // parent, grandchild, pong, and the one that ignores SIGINT: SIGKILL reaches them all.
    for (const pid of pids) expect(await stopsRunning(pid), `process ${pid} after`).to.equal(true)
    for (const port of PORTS) expect(await portFreesUp(port), `port ${port} after`).to.equal(true)
  })
})
