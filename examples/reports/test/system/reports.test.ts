import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { runProgram } from "zmq-harness"
import { readTestMetas } from "zmq-harness/ci"

// System tests of what a failed run leaves behind. They run the demo suite (demo/*.spec.ts,
// two of its three tests fail on purpose) as CI would, and read its artifacts.
describe("reports of a failed run @system", () => {
  const mocha = require.resolve("mocha/bin/mocha.js")
  // What `npx zmq-harness` runs.
  const cli = path.join(
    path.dirname(require.resolve("zmq-harness/package.json")),
    "bin/zmq-harness.js",
  )
  const demo = (env: Record<string, string>) =>
    runProgram(process.execPath, [mocha, "--config", "demo/.mocharc.yml"], { env, timeout: 60000 })
  let dir: string
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-reports-"))))
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("leaves a report for each failed test, and names it in the failure", async () => {
    const artifacts = path.join(dir, "artifacts")
    const run = await demo({ ZMQ_HARNESS_ARTIFACTS: artifacts })
    expect(run.code, run.stdout + run.stderr).to.equal(2) // Mocha exits with its failure count

    // Each failure message ends with the path of its report.
    const reports = [...run.stdout.matchAll(/zmq-harness report: (\S+)/g)].map((m) => m[1])
    expect(reports).to.have.length(2)
    for (const report of reports) expect(fs.existsSync(report), report).to.equal(true)

    // One folder per failed test (none for the one that passed), and a run index.
    const tests = await readTestMetas(artifacts)
    expect(tests.map((t) => [t.title, t.state]).sort()).to.deep.equal([
      ["price server @process answers an unknown symbol with an error", "failed"],
      ["price server @process quotes INITECH in dollars", "failed"],
    ])
    expect(fs.readFileSync(path.join(artifacts, "index.html"), "utf8")).to.contain("INITECH")

    // The crash, as the transcript tells it: the request that killed the server, then its exit.
    const crash = tests.find((t) => t.title.includes("unknown symbol"))!
    const lines = fs
      .readFileSync(path.join(artifacts, crash.folder, crash.transcript), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { direction?: string; event?: string; frames?: unknown[] })
    const fatal = lines.findIndex((l) => JSON.stringify(l.frames ?? []).includes("NOPE"))
    const exit = lines.findIndex((l) => l.event === "exit")
    expect(fatal, "the request for NOPE").to.be.greaterThan(-1)
    expect(exit, "the server's exit after it").to.be.greaterThan(fatal)
    // The server's stderr is kept next to the report.
    const stderr = fs
      .readdirSync(path.join(artifacts, crash.folder))
      .find((f) => f.endsWith(".stderr.txt"))
    expect(fs.readFileSync(path.join(artifacts, crash.folder, stderr!), "utf8")).to.contain(
      "no price for NOPE",
    )
  })

  it("splits the suite over two CI machines and merges their reports into one index", async () => {
    const shards = ["1/2", "2/2"].map((shard, i) => ({
      shard,
      dir: path.join(dir, `shard-${i + 1}`),
    }))
    let ran = 0
    for (const { shard, dir: artifacts } of shards) {
      const run = await demo({ ZMQ_HARNESS_SHARD: shard, ZMQ_HARNESS_ARTIFACTS: artifacts })
      ran += Number(/(\d+) passing/.exec(run.stdout)?.[1] ?? 0)
      ran += Number(/(\d+) failing/.exec(run.stdout)?.[1] ?? 0)
    }
    expect(ran, "every test of the suite, on exactly one shard").to.equal(3)

    // On CI: `npx zmq-harness merge-artifacts merged shard-1 shard-2`, after downloading both.
    const merged = path.join(dir, "merged")
    const shardDirs = shards.map((s) => s.dir).filter((d) => fs.existsSync(d))
    const merge = await runProgram(process.execPath, [cli, "merge-artifacts", merged, ...shardDirs])
    expect(merge.code, merge.stdout + merge.stderr).to.equal(0)
    const tests = await readTestMetas(merged)
    expect(tests.map((t) => t.state)).to.deep.equal(["failed", "failed"])
    expect(fs.existsSync(path.join(merged, "index.html"))).to.equal(true)
  })
})
