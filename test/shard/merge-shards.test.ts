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

  it("exits with 1 and says why when an input is missing", async () => {
    const err = await promisify(execFile)(
      process.execPath,
      [BIN, "merge-artifacts", "out", "nope"],
      {
        cwd: work,
        timeout: 30000,
      },
    ).then(
      () => {
        throw new Error("expected the command to fail")
      },
      (e: { code: number; stderr: string }) => e,
    )
    expect(err.code).to.equal(1)
    expect(err.stderr).to.equal(
      'zmq-harness: expected "nope" to be an artifacts folder, got nothing at that path. ' +
        "Give the folders that ZMQ_HARNESS_ARTIFACTS pointed at on each shard (downloaded from CI).\n",
    )
    expect(fs.existsSync(path.join(work, "out"))).to.equal(false)
  })
})
