import * as path from "node:path"
import { expect } from "chai"
import { runProgram } from "../../lib"

const example = path.join(__dirname, "..", "..", "examples", "tags")

/** Runs Mocha in examples/tags as `args` say and returns the full titles of the tests that ran. */
async function titlesRun(command: string, args: string[]): Promise<string[]> {
  const run = await runProgram(command, [...args, "--reporter", "json"], {
    cwd: example,
    timeout: 30_000,
  })
  expect(run.code, run.stderr).to.equal(0)
  const report = JSON.parse(run.stdout) as { tests: { fullTitle: string }[]; failures: unknown[] }
  expect(report.failures).to.deep.equal([])
  return report.tests.map((t) => t.fullTitle).sort()
}

const npmScript = (script: string) => titlesRun("npm", ["run", "--silent", script, "--"])

const UNIT = "pong answers ping with pong"
const PROCESS = "PongProc @process answers a ping over a REQ socket"
const SYSTEM = "pong-cli @system prints the reply to a ping"

// Each script of the example project, run as a user runs it, selects its tier.
describe("tags example: the scripts select their tier @system", function () {
  this.timeout(30_000)

  it("npm test runs the unit tests only", async () => {
    expect(await npmScript("test")).to.deep.equal([UNIT])
  })

  it("npm run test:process runs the @process tests only", async () => {
    expect(await npmScript("test:process")).to.deep.equal([PROCESS])
  })

  it("npm run test:system runs the @system tests only", async () => {
    expect(await npmScript("test:system")).to.deep.equal([SYSTEM])
  })

  it("npm run test:slow runs the @process and @system tests", async () => {
    expect(await npmScript("test:slow")).to.deep.equal([PROCESS, SYSTEM])
  })

  it("npm run test:all runs every test", async () => {
    expect(await npmScript("test:all")).to.deep.equal([PROCESS, UNIT, SYSTEM].sort())
  })

  // The tiers live in the scripts, not in .mocharc.yml: a grep and invert: true
  // there made `mocha --grep @process` run every test except the process tests.
  it("mocha --grep @process on the command line runs the @process tests (no invert in the rc)", async () => {
    const mocha = require.resolve("mocha/bin/mocha.js")
    expect(await titlesRun(process.execPath, [mocha, "--grep", "@process"])).to.deep.equal([
      PROCESS,
    ])
  })

  it("a bare mocha runs every test", async () => {
    const mocha = require.resolve("mocha/bin/mocha.js")
    expect(await titlesRun(process.execPath, [mocha])).to.deep.equal([PROCESS, UNIT, SYSTEM].sort())
  })
})
