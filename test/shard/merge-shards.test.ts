import { expect } from "chai"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import { ROOT } from "../helpers/child-mocha"
import { inTurn, runShard, type ShardRun } from "./run-shard"

const BIN = path.join(ROOT, "bin/zmq-harness.js")

/** The rows of a run index: each test's state and folder, in page order. */
function indexRows(file: string): { state: string; folder: string }[] {
  const html = fs.readFileSync(file, "utf8")
  return [...html.matchAll(/<tr data-test data-state="(\w+)" data-folder="([^"]+)"/g)].map(
    ([, state, folder]) => ({ state, folder }),
  )
}

describe("merge-artifacts on the artifacts of three real shards", function () {
  this.timeout(120000)
  let work: string
  let runs: ShardRun[]
  const dirs = [1, 2, 3].map((i) => `shard-${i}`)

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-merge-shards-"))
    runs = await inTurn(
      dirs.map(
        (dir, i) => () =>
          runShard({
            env: {
              ZMQ_HARNESS_SHARD: `${i + 1}/3`,
              ZMQ_HARNESS_ARTIFACTS: path.join(work, dir),
              ZMQ_HARNESS_ARTIFACTS_WHEN: "always",
              FIXTURE_FAIL: "1",
            },
          }),
      ),
    )
  })
  after(() => fs.rmSync(work, { recursive: true, force: true }))

  it("makes one index of every test that ran, each once, failed first, with the command of the package", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [BIN, "merge-artifacts", "merged", ...dirs],
      { cwd: work, timeout: 30000 },
    )
    const ran = runs.flatMap((run) => [...run.passes, ...run.failures])
    expect(ran).to.have.length(41) // 43 tests, 2 of them pending (no artifacts)
    expect(stdout).to.equal(
      `merged 41 entries from 3 folder(s) into merged\n${path.join("merged", "index.html")}\n`,
    )

    const merged = indexRows(path.join(work, "merged/index.html"))
    const perShard = dirs.map((dir) => indexRows(path.join(work, dir, "index.html")))
    // Each shard's index lists its own tests; the merged one lists them all, none twice.
    expect(perShard.map((rows) => rows.length)).to.deep.equal(
      runs.map((run) => run.passes.length + run.failures.length),
    )
    const folders = merged.map((r) => r.folder)
    expect(new Set(folders).size).to.equal(41)
    expect([...folders].sort()).to.deep.equal(
      perShard
        .flat()
        .map((r) => r.folder)
        .sort(),
    )
    expect(merged[0]).to.deep.equal({ state: "failed", folder: "alpha-fails" })
    expect(merged.slice(1).every((r) => r.state === "passed")).to.equal(true)
    // Every row links a report that was copied.
    for (const folder of folders) {
      expect(fs.existsSync(path.join(work, "merged", folder, "report.html")), folder).to.equal(true)
    }
  })

  it("exits with 0 when a shard uploaded no folder (no test failed there), saying so on stderr", async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [BIN, "merge-artifacts", "merged-2", "shard-1", "shard-4"],
      { cwd: work, timeout: 30000 },
    )
    expect(stderr).to.equal(
      'zmq-harness: "shard-4": does not exist: a shard with nothing to report (CI uploads no folder when no test failed)\n',
    )
    expect(stdout).to.match(/^merged \d+ entries from 2 folder\(s\) into merged-2\n/)
  })
})
