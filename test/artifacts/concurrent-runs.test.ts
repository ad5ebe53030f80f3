import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import type { TestMeta } from "../../lib/artifacts/meta"
import { runArtifactsFixture, tempDir, type ArtifactsRun } from "./run-artifacts-fixture"

/** Resolves when `file` exists, watching its folder; rejects after `ms`. */
function whenExists(file: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = fs.watch(path.dirname(file))
    const done = (err?: Error) => {
      clearTimeout(timer)
      watcher.close()
      if (err) reject(err)
      else resolve()
    }
    const timer = setTimeout(() => done(new Error(`${file} did not appear in ${ms} ms`)), ms)
    watcher.on("change", () => fs.existsSync(file) && done())
    if (fs.existsSync(file)) done()
  })
}

/** Each failure's printed report path, and what the meta.json beside it says of the failure. */
function reportsOf(run: ArtifactsRun): { title: string; error: string }[] {
  const { failures } = JSON.parse(run.output) as {
    failures: { fullTitle: string; err: { message: string } }[]
  }
  return failures.map((f) => {
    const report = /zmq-harness report: (\S+)/.exec(f.err.message)?.[1]
    expect(report, f.err.message).to.be.a("string")
    const meta = JSON.parse(
      fs.readFileSync(path.join(path.dirname(report!), "meta.json"), "utf8"),
    ) as TestMeta
    expect(meta.title).to.equal(f.fullTitle)
    return { title: f.fullTitle, error: meta.error ?? "" }
  })
}

describe("artifacts: two runs writing to one folder at once", function () {
  this.timeout(180_000)
  let base: string
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }))

  it("keep each its own folders: every printed report shows that run's failure", async () => {
    base = tempDir()
    const dir = path.join(base, "artifacts")
    const ready = path.join(base, "a-ready")
    const hold = path.join(base, "a-may-end")
    const first = runArtifactsFixture(["held.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir, RUN_NAME: "A", HOLD_FILE: hold, READY_FILE: ready },
      reporter: "json",
      timeout: 120_000,
    })
    // A's tests have all failed and written their folders; A still runs (its after hook waits).
    await Promise.race([whenExists(ready, 60_000), first.then(() => undefined)])
    expect(fs.existsSync(ready), "run A reached its after hook").to.equal(true)
    const second = await runArtifactsFixture(["held.fixture.ts"], {
      env: { ZMQ_HARNESS_ARTIFACTS: dir, RUN_NAME: "B" },
      reporter: "json",
    })
    fs.writeFileSync(hold, "go")
    const firstRun = await first
    for (const [run, name] of [
      [firstRun, "A"],
      [second, "B"],
    ] as const) {
      const reports = reportsOf(run)
      expect(reports, run.stderr).to.have.length(20)
      for (const r of reports) expect(r.error, r.title).to.contain(`failed in run ${name}`)
    }
    // 40 folders: neither run replaced the other's.
    const folders = fs.readdirSync(dir).filter((f) => f.startsWith("held-artifacts-file"))
    expect(folders).to.have.length(40)
  })
})
