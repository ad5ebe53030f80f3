import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { childMochaArgs, runChildMocha } from "../helpers/child-mocha"
import { readReport, readTranscript } from "../artifacts/parse-report"

describe("explore() in the test's artifacts @process", function () {
  this.timeout(60_000)
  let dir: string
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-explore-report-"))))
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("shows the failing run as it was: the seed, the shrunk order, the runs tried, its links", async () => {
    const run = await runChildMocha(
      childMochaArgs([path.join(__dirname, "fixtures/report.fixture.ts")], ["--timeout", "30000"]),
      { env: { ZMQ_HARNESS_ARTIFACTS: dir, ZMQ_HARNESS_SEED: "" }, timeoutMs: 50_000 },
    )
    expect(run.failed, run.output).to.equal(1)
    // The test's folder: not the run's own list of its tests (.zmq-harness-runs).
    const [folder] = fs
      .readdirSync(dir)
      .filter((f) => !f.startsWith(".") && fs.statSync(path.join(dir, f)).isDirectory())
    const report = readReport(path.join(dir, folder, "report.html"))
    expect(report.state).to.equal("failed")
    const kinds = report.lanes.map((l) => `${l.kind} ${l.name}`)
    expect(kinds).to.include("explore explore() seed 1:1")
    expect(kinds.filter((k) => k.startsWith("link "))).to.deep.equal([
      "link updates",
      "link snapshots",
    ])
    const explore = report.events.filter((e) => report.lanes[e.lane].kind === "explore")
    expect(explore.map((e) => e.event).slice(0, 4)).to.deep.equal([
      "explore",
      "release",
      "reordered",
      "release",
    ])
    expect(explore[0].text).to.match(
      /seed 1:1: 1 reordering from arrival order; found at run \d+; \d+ runs in all, \d+ distinct orders/,
    )
    expect(explore[2].text).to.include(
      '2. snapshots downstream [["KTHXBAI",2,{"x":2}]]  ← reordered',
    )
    // The links' own lanes mark what the schedule held and what it reordered.
    const lines = readTranscript(path.join(dir, folder, "transcript.jsonl"))
    const marks = lines
      .filter((l) => l.kind === "link" && l.direction !== "event" && l.note !== "SUBSCRIBE command")
      .map((l) => l.note)
    expect(marks[0]).to.equal("released 1st by the explore() schedule")
    expect(marks[1]).to.equal(
      "released 2nd by the explore() schedule (reordered: before 1 that arrival order puts first)",
    )
  })
})
