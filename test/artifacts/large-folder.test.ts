import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import type { TestMeta } from "../../lib/artifacts/meta"
import { runArtifactsFixture, tempDir } from "./run-artifacts-fixture"

/** Test folders of runs that are over (their run's pid is no process), as earlier runs leave them. */
function fillWithOldRuns(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const folder = `earlier-run-test-${i}`
    const meta: TestMeta = {
      version: 1,
      title: `earlier run test ${i}`,
      state: i % 10 === 0 ? "failed" : "passed",
      duration: 3,
      started: new Date(0).toISOString(),
      run: `999999999-old${i % 7}-abcdef`,
      folder,
      report: "report.html",
      transcript: "transcript.jsonl",
      lanes: [{ name: "req socket", kind: "socket", type: "req", messages: 2, events: 0 }],
    }
    fs.mkdirSync(path.join(dir, folder), { recursive: true })
    fs.writeFileSync(path.join(dir, folder, "meta.json"), JSON.stringify(meta))
    fs.writeFileSync(path.join(dir, folder, ".zmq-harness-run"), meta.run + "\n")
  }
}

describe("artifacts: a large artifacts folder", function () {
  this.timeout(120_000)
  let base: string
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }))

  it("costs a run nothing: 6,000 earlier tests' folders, a 100 ms Mocha timeout, no extra failure, an index of this run", async () => {
    base = tempDir()
    const dir = path.join(base, "artifacts")
    fillWithOldRuns(dir, 6000)
    const run = await runArtifactsFixture(["quick.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir, ZMQ_HARNESS_ARTIFACTS_WHEN: "always" },
      reporter: "json",
      mochaTimeout: 100,
    })
    const report = JSON.parse(run.output) as { failures: { fullTitle: string }[] }
    // One failure, the test's own: the root hook that writes the index did not time out.
    expect(
      report.failures.map((f) => f.fullTitle),
      run.stderr,
    ).to.deep.equal(["quick artifacts file fails at once"])
    expect(run.code).to.equal(1)
    expect(run.stderr).not.to.contain("expected to write")
    const index = fs.readFileSync(path.join(dir, "index.html"), "utf8")
    expect(index).to.contain('data-failed="1" data-total="2"')
    // The earlier runs' folders are left as they were.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("earlier-run-"))).to.have.length(6000)
  })
})
