import { expect } from "chai"
import * as path from "node:path"
import { startModule, startProcess } from "../../lib"
import { portFreesUp, portIsFree } from "../helpers/ports"
import { isRunning, stopsRunning } from "./running"
import { childMochaArgs } from "../helpers/child-mocha"

const root = path.join(__dirname, "../..")
const suite = path.join(root, "test/fixtures/processes/interrupt/tree.suite.ts")
const keepsStarting = path.join(root, "test/fixtures/processes/interrupt/keeps-starting.suite.ts")
const coexist = path.join(__dirname, "fixtures/coexist.ts")
const refuses = path.join(__dirname, "fixtures/refuses-after-signal.ts")
const PORT = 47613

/** Runs the fixture suite in a Mocha child until its tree is up; returns the child and the tree's pids. */
async function mochaWithTree(mode: string) {
  const mocha = await startProcess(process.execPath, childMochaArgs([suite]), {
    cwd: root,
    env: { TREE_PORT: String(PORT), TREE_MODE: mode },
    ready: /TREE \d+ \d+/,
    readyTimeout: 20000,
    failOnExit: false,
  })
  const [, parent, grandchild] = await mocha.waitForOutput(/TREE (\d+) (\d+)/)
  return { mocha, parent: Number(parent), grandchild: Number(grandchild) }
}

describe("interrupting Mocha @process", function () {
  this.timeout(30000)

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} kills every process tree under test, then Mocha dies of ${signal}`, async () => {
      const { mocha, parent, grandchild } = await mochaWithTree("wait")
      expect(isRunning(grandchild)).to.equal(true)
      expect(await portIsFree(PORT)).to.equal(false)
      mocha.kill(signal)
      expect(await mocha.exited).to.deep.equal({ code: null, signal })
      expect(isRunning(parent), "the process under test").to.equal(false)
      expect(isRunning(grandchild), "its child").to.equal(false)
      expect(await portFreesUp(PORT)).to.equal(true)
    })
  }

  it("a signal another listener handles kills the trees but leaves the process to it; the next start re-arms", async () => {
    const script = await startModule(coexist, [], {
      cwd: root,
      ready: /LISTENING/,
      readyTimeout: 20000,
      failOnExit: false,
    })
    const [, parent1, grandchild1] = (await script.waitForOutput(/TREE1 (\d+) (\d+)/)).map(Number)
    script.kill("SIGINT")
    const [, parent2, grandchild2] = (await script.waitForOutput(/TREE2 (\d+) (\d+)/)).map(Number)
    expect(script.stdout).to.include("SIGINT handled by the script\n")
    expect(isRunning(parent1), "the first process under test").to.equal(false)
    expect(isRunning(grandchild1), "its child").to.equal(false)
    expect(script.running, "the script, whose own listener handled SIGINT").to.equal(true)
    script.kill("SIGTERM")
    expect(await script.exited).to.deep.equal({ code: null, signal: "SIGTERM" })
    expect(await stopsRunning(parent2), "the second process under test").to.equal(true)
    expect(await stopsRunning(grandchild2), "its child").to.equal(true)
  })

  it("after SIGINT, a test that keeps starting processes is refused and Mocha dies of SIGINT at once", async () => {
    const mocha = await startProcess(process.execPath, childMochaArgs([keepsStarting]), {
      cwd: root,
      ready: /READY/,
      readyTimeout: 20000,
      failOnExit: false,
    })
    const interrupted = performance.now()
    mocha.kill("SIGINT")
    expect(await mocha.exited).to.deep.equal({ code: null, signal: "SIGINT" })
    // Bounded by the reaping wait (1 s), far below test 2's own 8 s timeout.
    expect(performance.now() - interrupted).to.be.below(3000)
    expect(mocha.stdout).to.not.include("starts one more")
    for (const [, pid] of mocha.stdout.matchAll(/STARTED (\d+)/g)) {
      expect(await stopsRunning(Number(pid)), `process ${pid}`).to.equal(true)
    }
  })

  it("after a signal nobody else handles, every start and socket() is refused until the process dies of it", async () => {
    const script = await startModule(refuses, [], {
      cwd: root,
      ready: /REFUSED/,
      readyTimeout: 20000,
      failOnExit: false,
    })
    expect(await script.exited).to.deep.equal({ code: null, signal: "SIGINT" })
    expect(script.stdout).to.include(
      "REFUSED socket ERR_ZMQH_INTERRUPTED SIGINT\n" +
        "REFUSED startProcess ERR_ZMQH_INTERRUPTED\n" +
        "REFUSED startModule ERR_ZMQH_INTERRUPTED\n" +
        "REFUSED runProgram ERR_ZMQH_INTERRUPTED\n",
    )
    expect(script.stdout).to.match(
      /zmq-harness: expected socket\(\) in a running test run, got a run interrupted by SIGINT \d+ ms ago\. Every process under test was killed and the run is ending: nothing new may start\./,
    )
    const [, pid] = /TREE (\d+)/.exec(script.stdout)!
    expect(await stopsRunning(Number(pid)), "its process under test").to.equal(true)
  })

  it("an exit in the middle of a test kills every process tree under test", async () => {
    const { mocha, parent, grandchild } = await mochaWithTree("exit")
    expect(await mocha.exited).to.deep.equal({ code: 7, signal: null })
    // The exit handler sends SIGKILL synchronously, just before Mocha exits: allow the kernel a moment.
    expect(await stopsRunning(parent)).to.equal(true)
    expect(await stopsRunning(grandchild)).to.equal(true)
    expect(await portFreesUp(PORT)).to.equal(true)
  })
})
