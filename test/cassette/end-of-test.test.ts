import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { childMochaArgs, runChildMocha, type ChildMochaRun } from "../helpers/child-mocha"

describe("cassettes when a test ends", function () {
  this.timeout(60000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-cassette-end-"))
  let run: ChildMochaRun
  before(async () => {
    run = await runChildMocha(
      childMochaArgs(["test/cassette/fixtures/end-of-test.fixture.ts"], ["--reporter", "spec"]),
      { env: { ZMQH_FIXTURE_DIR: dir }, timeoutMs: 50000 },
    )
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("fails the test whose cassette cannot be written, saying why and what to check", () => {
    expect(run.failed, run.output).to.equal(3)
    expect(run.output).to.include(
      `CassetteInvalidError: zmq-harness: expected to write cassette ${path.join(dir, "file", "x.json")}, got E`,
    )
    expect(run.output).to.include("No file was created.")
  })

  it("fails the test that left a recorded request unreplayed, naming it", () => {
    expect(run.output).to.match(
      /UnmetExpectationsError: zmq-harness: expected every expectation of rep peer "one\/main"/,
    )
  })

  it("writes no cassette for a test that failed (a half conversation), and says so", () => {
    expect(run.output).to.include("Error: the test's own failure")
    expect(run.output).to.include(
      `zmq-harness: cassette ${path.join(dir, "failed.json")} was not written: its test failed. Fix the test, then record again.`,
    )
    expect(fs.existsSync(path.join(dir, "failed.json"))).to.equal(false)
  })
})
