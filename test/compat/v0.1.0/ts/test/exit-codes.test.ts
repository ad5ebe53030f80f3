// Tests of programs that are expected to fail, as users wrote them with
// v0.1.0: start the program, await `proc.exited`, check the code. A test that
// awaited `exited` has seen the exit (v0.1.0 never failed such a test).
import { expect } from "chai"
import { startModule, startProcess } from "zmq-harness"

describe("a program expected to fail @process", () => {
  it("exits with code 3 without a configuration", async () => {
    const proc = await startProcess("node", ["dist/fail.js"])
    const { code } = await proc.exited
    expect(code).to.equal(3)
    expect(proc.stderr).to.include("no configuration file")
  })

  it("exits with code 3 when forked as a module", async () => {
    const proc = await startModule("dist/fail.js", [])
    const { code, signal } = await proc.exited
    expect(code).to.equal(3)
    expect(signal).to.equal(null)
  })

  it("reports exit code 3 to a test that waits for its output first", async () => {
    const proc = await startProcess("node", ["dist/fail.js"])
    await proc.waitForOutput(/checking configuration/)
    expect((await proc.exited).code).to.equal(3)
  })
})

describe("a nested Mocha run @process", () => {
  it("exits 1 when one of its tests fails", async function () {
    this.timeout(30000)
    const mocha = await startProcess("npx", ["mocha", "--no-config", "nested/failing.spec.js"])
    const { code } = await mocha.exited
    expect(code).to.equal(1)
    expect(mocha.stdout).to.include("1 passing").and.to.include("1 failing")
  })
})
