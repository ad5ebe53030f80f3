import { expect } from "chai"
import * as path from "node:path"
import { runProgram, startProcess, topology } from "../../lib"
import { MOCHA_BIN, ROOT, runChildMocha } from "../helpers/child-mocha"
import { isRunning, stopsRunning } from "../process/running"
import { leftoversOf, requireTopology } from "./helpers"

const suite = path.join(__dirname, "fixtures/interrupted.suite.js")

/** A child Mocha run on plain JavaScript suites that use dist/ (built by `npm test`'s pretest). */
function childArgs(files: readonly string[], extra: readonly string[] = []): string[] {
  return [MOCHA_BIN, "--no-config", "--require", "./dist/register.js", ...extra, ...files]
}

/** A child Mocha run holding a topology; resolves once it is up, with its prefix and the pid in host "a". */
async function runHoldingTopology() {
  const mocha = await startProcess(process.execPath, childArgs([suite]), {
    cwd: ROOT,
    ready: /TOPOLOGY \S+ \d+ \d+/,
    readyTimeout: 30000,
    failOnExit: false,
  })
  const [, prefix, pid, watchdog] = await mocha.waitForOutput(/TOPOLOGY (\S+) (\d+) (\d+)/)
  expect(leftoversOf(prefix!)).to.have.length.above(3)
  expect(isRunning(Number(pid))).to.equal(true)
  return { mocha, prefix: prefix!, inHost: Number(pid), watchdog: Number(watchdog) }
}

/** Waits (at most `ms`) until nothing of the topology `prefix` is left; returns what is left then. */
async function leftoversAfter(prefix: string, ms: number): Promise<string[]> {
  const deadline = performance.now() + ms
  while (leftoversOf(prefix).length > 0 && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 20))
  return leftoversOf(prefix)
}

describe("topology: interrupted and killed runs leave nothing @system", function () {
  this.timeout(60000)
  before(function () {
    requireTopology(this)
  })

  // SIGTERM and SIGHUP take the same path (lib/mocha/interrupt.ts).
  it("SIGINT to the runner's process group (Ctrl-C) removes its hosts, links, rules, lock and processes", async () => {
    const { mocha, prefix, inHost } = await runHoldingTopology()
    process.kill(-mocha.pid, "SIGINT") // as Ctrl-C does: the whole group
    expect(await mocha.exited).to.deep.equal({ code: null, signal: "SIGINT" })
    expect(await stopsRunning(inHost), "the process in host a").to.equal(true)
    expect(leftoversOf(prefix)).to.deep.equal([])
  })

  it("after a SIGKILL of the runner, its watchdog removes what it left (the processes in its hosts first)", async () => {
    const { mocha, prefix, inHost, watchdog } = await runHoldingTopology()
    mocha.kill("SIGKILL")
    await mocha.exited
    expect(await leftoversAfter(prefix, 3000)).to.deep.equal([])
    expect(await stopsRunning(inHost), "the process in host a").to.equal(true)
    expect(await stopsRunning(watchdog), "the watchdog, its work done").to.equal(true)
  })

  it("with the watchdog killed too, the next topology reaps what a dead runner left", async () => {
    const { mocha, prefix, inHost, watchdog } = await runHoldingTopology()
    process.kill(watchdog, "SIGKILL")
    expect(await stopsRunning(watchdog)).to.equal(true)
    mocha.kill("SIGKILL")
    await mocha.exited
    // Nothing ran: its hosts and the process in one are still there.
    expect(leftoversOf(prefix)).to.include(`netns ${prefix}-a`)
    expect(isRunning(inHost)).to.equal(true)
    await topology({ hosts: ["x"] }) // reaps dead owners first
    expect(await stopsRunning(inHost), "the process in host a").to.equal(true)
    expect(leftoversOf(prefix)).to.deep.equal([])
  })

  it("a script that never closes its topology still exits, and its exit handler removes it", async () => {
    const { code, stdout, stderr } = await runProgram(
      process.execPath,
      [path.join(__dirname, "fixtures/forgets.js")],
      {
        timeout: 15000,
      },
    )
    expect({ code, stderr }).to.deep.equal({ code: 0, stderr: "" })
    const [, prefix] = /^TOPOLOGY (\S+)$/m.exec(stdout)!
    expect(leftoversOf(prefix!)).to.deep.equal([])
  })

  it("two runs at once (mocha --parallel) never touch each other's hosts", async () => {
    const files = ["neighbours.suite.js", "neighbours-too.suite.js"].map((f) =>
      path.join(__dirname, "fixtures", f),
    )
    const run = await runChildMocha(childArgs(files, ["--parallel", "--jobs", "2"]), {
      timeoutMs: 55000,
    })
    expect(run.output).to.match(/6 passing/)
    expect(run.failed, run.output).to.equal(0)
  })
})
