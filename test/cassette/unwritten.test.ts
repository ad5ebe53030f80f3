import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import type { Cassette } from "../../lib"
import { childMochaArgs, runChildMocha, type ChildMochaRun } from "../helpers/child-mocha"

// issue 20: with the target down, a test that passed wrote a cassette of requests without
// replies, silently; an unused proxy wrote `"messages": []`, which replayed as a vacuous pass.
describe("cassettes of no conversation", function () {
  this.timeout(60000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-cassette-unwritten-"))
  const file = (name: string) => path.join(dir, `${name}.json`)
  let run: ChildMochaRun
  before(async () => {
    run = await runChildMocha(
      childMochaArgs(["test/cassette/fixtures/unwritten.fixture.ts"], ["--reporter", "spec"]),
      { env: { ZMQH_FIXTURE_DIR: dir }, timeoutMs: 50000 },
    )
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("runs the fixture's tests, which pass", () => {
    expect([run.passed, run.failed], run.output).to.deep.equal([3, 0])
  })

  it("writes no cassette when the target never answered, and says which", () => {
    expect(fs.existsSync(file("down"))).to.equal(false)
    expect(run.output).to.match(
      new RegExp(
        `zmq-harness: cassette ${file("down")} was not written: its target tcp://127\\.0\\.0\\.1:\\d+ never answered ` +
          "\\(no connection to it was made: is anything listening there\\?\\), and 1 request\\(s\\) to it went nowhere\\. " +
          "Start the real peer \\(or give `target` a function that starts it\\) and record again; in CI, set ZMQ_HARNESS_CASSETTES=lockdown",
      ),
    )
    // And while the test ran, as soon as its bound passed.
    expect(run.output).to.match(
      new RegExp(
        `zmq-harness: cassette ${file("down")} is missing, so record\\("down"\\) records it from tcp://127\\.0\\.0\\.1:\\d+, which has not answered in 200 ms`,
      ),
    )
  })

  it("writes no empty cassette for a proxy nobody used, and says so", () => {
    expect(fs.existsSync(file("unused"))).to.equal(false)
    expect(run.output).to.match(
      new RegExp(
        `zmq-harness: cassette ${file("unused")} was not written: no message crossed its proxy \\(channel "main" → tcp://127\\.0\\.0\\.1:\\d+\\): ` +
          "the process under test did not connect to it, or sent nothing\\. An empty cassette would replay as a pass that proves nothing; an older one is kept as it is\\.",
      ),
    )
  })

  it("writes a cassette whose requests got no reply from a target that is there, with a warning", () => {
    const cassette = JSON.parse(fs.readFileSync(file("unanswered"), "utf8")) as Cassette
    expect(cassette.messages.map((m) => [m.direction, m.frames])).to.deep.equal([
      ["upstream", ["hello"]],
    ])
    expect(run.output).to.match(
      new RegExp(
        `zmq-harness: cassette ${file("unanswered")} holds requests without replies \\(channel "main": 1 request\\(s\\), no reply from tcp://127\\.0\\.0\\.1:\\d+\\): ` +
          "a replay will not answer them either\\. Check that the real peer answers, then record again\\.",
      ),
    )
  })
})
