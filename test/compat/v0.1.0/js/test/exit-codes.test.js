// A program expected to fail, and a nested Mocha run, in JavaScript: the test
// awaits `exited` and checks the code.
const { expect } = require("chai")
const { startProcess } = require("zmq-harness")

describe("exit codes @process", () => {
  it("sees code 3 from a program expected to fail", async () => {
    const proc = await startProcess("node", ["dist/fail.js"])
    const { code } = await proc.exited
    expect(code).to.equal(3)
  })

  it("sees code 1 from a nested Mocha run with a failing test", async function () {
    this.timeout(30000)
    const mocha = await startProcess("npx", ["mocha", "--no-config", "nested/failing.spec.js"])
    const { code } = await mocha.exited
    expect(code).to.equal(1)
  })
})
