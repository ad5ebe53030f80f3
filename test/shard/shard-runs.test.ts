import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { inTurn, runShard, type ShardRun } from "./run-shard"

// Each child run starts Mocha and ts-node (a second or two), so the runs are made once, two
// at a time, in `before`, and the tests read them.

/** Every full title that appears more than once in `titles`. */
function twice(titles: string[]): string[] {
  return titles.filter((t, i) => titles.indexOf(t) !== i)
}

const HOOK_MARK = "fixture: before hook of 'with a before hook' ran"

describe("sharding: n child Mocha runs together run every test exactly once", function () {
  this.timeout(300000)
  const fail = { FIXTURE_FAIL: "1" }
  let whole: ShardRun
  const byCount = new Map<number, ShardRun[]>()
  let moved: ShardRun[] // shuffled, with tests added, 3 shards
  let parallel: ShardRun[] // --parallel, 3 shards

  before(async () => {
    const shard =
      (i: number, n: number, env: Record<string, string> = {}, args: string[] = []) =>
      () =>
        runShard({ env: { ...fail, ...env, ZMQ_HARNESS_SHARD: `${i}/${n}` }, args })
    const jobs = [() => runShard({ env: fail })]
    for (const n of [1, 2, 3, 4]) for (let i = 1; i <= n; i++) jobs.push(shard(i, n))
    for (let i = 1; i <= 3; i++)
      jobs.push(shard(i, 3, { FIXTURE_ORDER: "shuffle", FIXTURE_EXTRA: "1" }))
    for (let i = 1; i <= 3; i++) jobs.push(shard(i, 3, {}, ["--parallel", "--jobs", "2"]))
    const runs = await inTurn(jobs)
    whole = runs.shift()!
    for (const n of [1, 2, 3, 4]) byCount.set(n, runs.splice(0, n))
    moved = runs.splice(0, 3)
    parallel = runs.splice(0, 3)
  })

  it("runs the whole fixture suite without a shard (the reference)", () => {
    expect(whole.reported).to.have.length(43)
    expect(whole.failures).to.deep.equal(["alpha fails"])
    expect(whole.pending).to.deep.equal(["alpha is pending", "alpha is skipped"])
    expect(twice(whole.reported)).to.deep.equal([])
  })

  for (const n of [1, 2, 3, 4]) {
    it(`with ${n} shard(s): each test in exactly one shard's report, none twice, none lost`, () => {
      const shards = byCount.get(n)!
      const union = shards.flatMap((run) => run.reported)
      expect(twice(union)).to.deep.equal([])
      expect([...union].sort()).to.deep.equal([...whole.reported].sort())
      // Each shard reports only tests that the hash gives it, and the exit code of its own failures.
      for (const [k, run] of shards.entries()) {
        expect(run.code, run.stderr).to.equal(run.failures.length)
        if (n > 1)
          expect(run.reported.length, `shard ${k + 1}/${n}`).to.be.below(whole.reported.length)
      }
      // A suite's `before` hook runs only in the shard that runs its test.
      expect(shards.filter((run) => run.stderr.includes(HOOK_MARK))).to.have.length(1)
    })
  }

  it("keeps every test in its shard when tests are reordered and others are added", () => {
    const original = byCount.get(3)!
    for (const [k, run] of moved.entries()) {
      const kept = run.reported.filter((t) => !/added later/.test(t))
      expect(kept.sort(), `shard ${k + 1}/3`).to.deep.equal([...original[k].reported].sort())
    }
    const added = moved.flatMap((run) => run.reported.filter((t) => /added later/.test(t)))
    expect(added.sort()).to.deep.equal([
      "alpha broker was added later",
      "alpha parser was added later",
      "alpha router was added later",
      "beta another case added later",
      "beta case added later",
    ])
  })

  it("splits a --parallel run the same way, file by file", () => {
    const serial = byCount.get(3)!
    for (const [k, run] of parallel.entries()) {
      expect([...run.reported].sort(), `shard ${k + 1}/3`).to.deep.equal(
        [...serial[k].reported].sort(),
      )
    }
  })
})

describe("sharding: where the shard is given", function () {
  this.timeout(120000)
  let rcFile: string
  before(() => {
    rcFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-rc-")), ".mocharc.yml")
    fs.writeFileSync(rcFile, "zmq-harness-shard: 2/3\n")
  })
  after(() => fs.rmSync(path.dirname(rcFile), { recursive: true, force: true }))

  it("reads zmq-harness-shard from a .mocharc file and from --zmq-harness-shard=, the variable winning", async () => {
    const [env2, env1, rc, flag, both] = await inTurn([
      () => runShard({ env: { ZMQ_HARNESS_SHARD: "2/3" } }),
      () => runShard({ env: { ZMQ_HARNESS_SHARD: "1/3" } }),
      () => runShard({ config: rcFile }),
      () => runShard({ args: ["--zmq-harness-shard=2/3"] }),
      () => runShard({ config: rcFile, env: { ZMQ_HARNESS_SHARD: "1/3" } }),
    ])
    expect(env2.reported).to.not.deep.equal(env1.reported)
    expect(rc.reported).to.deep.equal(env2.reported)
    expect(flag.reported).to.deep.equal(env2.reported)
    expect(both.reported).to.deep.equal(env1.reported)
  })

  it("gives reporters the shard's own total when the run starts, and runs that many tests", async () => {
    const reporter = path.join(__dirname, "../fixtures/shard/total-reporter.js")
    const [whole, shard] = await inTurn([
      () => runShard({ reporter }),
      () => runShard({ reporter, env: { ZMQ_HARNESS_SHARD: "2/3" } }),
    ])
    expect(whole.stdout).to.equal("total at start: 42\ntests ended: 42\n")
    // Shard 2/3 of the fixtures: 19 tests that pass and 1 pending (see the tests above).
    expect(shard.stdout).to.equal("total at start: 20\ntests ended: 20\n")
  })

  it("fails the run with a ShardError naming the variable when ZMQ_HARNESS_SHARD is not i/n", async () => {
    const run = await runShard({ env: { ZMQ_HARNESS_SHARD: "4/3" } })
    expect(run.code).to.not.equal(0)
    expect(run.reported).to.deep.equal([])
    expect(run.stderr).to.include(
      'ShardError: zmq-harness: expected the environment variable ZMQ_HARNESS_SHARD to be i/n, the i-th of n shards with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4), got "4/3". There are 3 shards: give 1/3 to 3/3.',
    )
    expect(run.stderr).to.include("code: 'ERR_ZMQH_SHARD'")
  })

  it("fails the run with a ShardError naming the option when --zmq-harness-shard has no value", async () => {
    const run = await runShard({ args: ["--zmq-harness-shard"] })
    expect(run.code).to.not.equal(0)
    expect(run.reported).to.deep.equal([])
    expect(run.stderr).to.include(
      "ShardError: zmq-harness: expected the Mocha option zmq-harness-shard (.mocharc or --zmq-harness-shard=) to be i/n, the i-th of n shards with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4), got a flag with no value. " +
        'On the command line give the value with "=": --zmq-harness-shard=2/4.',
    )
  })
})
