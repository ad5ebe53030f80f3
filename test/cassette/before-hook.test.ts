import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { Cassette } from "../../lib"
import { childMochaArgs, runChildMocha, type ChildMochaRun } from "../helpers/child-mocha"

// issue 20: a cassette recorded from a `before` hook was written when its suite ended although
// a test had failed, replacing a good cassette with half a conversation.
describe("cassettes recorded in a before hook", function () {
  this.timeout(60000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-cassette-before-"))
  const file = (name: string) => path.join(dir, `${name}.json`)
  const good = JSON.stringify({ format: "zmq-harness cassette", version: 1, name: "half" })
  let run: ChildMochaRun
  before(async () => {
    fs.writeFileSync(file("half"), good)
    run = await runChildMocha(
      childMochaArgs(["test/cassette/fixtures/before-hook.fixture.ts"], ["--reporter", "spec"]),
      { env: { ZMQH_FIXTURE_DIR: dir }, timeoutMs: 50000 },
    )
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("ran the fixture: 3 failures (a test, a nested test, a hook), 4 passes, 1 skip", () => {
    expect([run.passed, run.failed], run.output).to.deep.equal([4, 3])
    expect(run.output).to.include("1 pending")
  })

  it("keeps the good cassette when a test of the suite failed halfway through the conversation", () => {
    expect(fs.readFileSync(file("half"), "utf8")).to.equal(good)
    expect(run.output).to.include(
      `zmq-harness: cassette ${file("half")} was not written: a test or hook of its suite failed.`,
    )
  })

  it("writes no cassette when a test of a nested suite failed", () => {
    expect(fs.existsSync(file("nested"))).to.equal(false)
    expect(run.output).to.include(`cassette ${file("nested")} was not written`)
  })

  it("writes no cassette when the before hook that recorded it failed", () => {
    expect(fs.existsSync(file("hook"))).to.equal(false)
    expect(run.output).to.include(`cassette ${file("hook")} was not written`)
  })

  it("writes the whole conversation when every test passed (a skip is no failure)", () => {
    const cassette = JSON.parse(fs.readFileSync(file("whole"), "utf8")) as Cassette
    expect(cassette.messages.map((m) => [m.direction, m.frames])).to.deep.equal([
      ["upstream", ['["ping",1]']],
      ["downstream", ['["pong",1]']],
      ["upstream", ['["ping",2]']],
      ["downstream", ['["pong",2]']],
    ])
  })
})
