import { expect } from "chai"
import * as path from "node:path"
import { startModule, startProcess } from "../../lib"
import { portFreesUp, portIsFree } from "../helpers/ports"
import { isRunning, stopsRunning } from "./running"
import { childMochaArgs } from "../helpers/child-mocha"

const root = path.join(__dirname, "../..")
const suite = path.join(root, "test/fixtures/processes/interrupt/tree.suite.ts")
const coexist = path.join(__dirname, "fixtures/coexist.ts")
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

  it("an exit in the middle of a test kills every process tree under test", async () => {
    const { mocha, parent, grandchild } = await mochaWithTree("exit")
    expect(await mocha.exited).to.deep.equal({ code: 7, signal: null })
    // The exit handler sends SIGKILL synchronously, just before Mocha exits: allow the kernel a moment.
    expect(await stopsRunning(parent)).to.equal(true)
    expect(await stopsRunning(grandchild)).to.equal(true)
    expect(await portFreesUp(PORT)).to.equal(true)
  })
})
