import { expect } from "chai"
import * as path from "node:path"
import { startProcess } from "../../lib"
import { childMochaArgs, ROOT, runChildMocha } from "../helpers/child-mocha"
import { isRunning, stopsRunning } from "./running"

const suite = path.join(ROOT, "test/fixtures/processes/interrupt/daemon.suite.ts")

/** Kills what a failing check left behind, so a failure leaks nothing. */
function cleanUp(pid: number): void {
  try {
    process.kill(pid, "SIGKILL")
  } catch {
    // gone, as it should be
  }
}

describe("a program that daemonizes @process", function () {
  this.timeout(40000)

  it("is reaped when its test ends, and the test's output says it daemonized", async () => {
    const run = await runChildMocha(childMochaArgs([suite]), { timeoutMs: 30000 })
    const daemon = Number(/DAEMON (\d+)/.exec(run.output)?.[1])
    try {
      expect(daemon, run.output).to.be.above(0)
      expect(await stopsRunning(daemon), "the daemon").to.equal(true)
      expect([run.passed, run.failed, run.code]).to.deep.equal([1, 0, 0])
      expect(run.output).to.match(
        new RegExp(
          `\\n {2}zmq-harness: process "node \\S+daemonize\\.js" \\(pid \\d+\\) daemonized: pid ${daemon} \\(\\S*node \\S+daemonize\\.js daemon\\) left its process group and outlived it; killed with SIGKILL\\.`,
        ),
      )
    } finally {
      cleanUp(daemon)
    }
  })

  it("is reaped when Mocha is interrupted (SIGINT)", async () => {
    const mocha = await startProcess(process.execPath, childMochaArgs([suite]), {
      cwd: ROOT,
      env: { DAEMON_MODE: "wait" },
      ready: /DAEMON \d+/,
      readyTimeout: 20000,
      failOnExit: false,
    })
    const [, pid] = await mocha.waitForOutput(/DAEMON (\d+)/)
    const daemon = Number(pid)
    try {
      expect(isRunning(daemon), "the daemon before the interrupt").to.equal(true)
      mocha.kill("SIGINT")
      expect(await mocha.exited).to.deep.equal({ code: null, signal: "SIGINT" })
      expect(await stopsRunning(daemon), "the daemon").to.equal(true)
    } finally {
      cleanUp(daemon)
    }
  })
})
