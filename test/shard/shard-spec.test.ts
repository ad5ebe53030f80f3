import { expect } from "chai"
import { ShardError, shardOf } from "../../lib"
import { inShard } from "../../lib/shard/assign"
import { keepShard, type ShardableSuite } from "../../lib/shard/filter"
import { shardFromEnv, shardFromOptions } from "../../lib/runners/mocha/shard"
import { parseShard } from "../../lib/shard/spec"

const ENV = "the environment variable ZMQ_HARNESS_SHARD"
const EXPECTED = `expected ${ENV} to be i/n, the i-th of n shards with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4), got`

function thrown(fn: () => unknown): ShardError {
  try {
    fn()
  } catch (err) {
    expect(err).to.be.instanceOf(ShardError)
    return err as ShardError
  }
  throw new Error("expected a ShardError, got none")
}

describe("shard spec", () => {
  it("reads i/n, with spaces around the numbers", () => {
    expect(parseShard("2/4", ENV)).to.deep.equal({ index: 2, count: 4 })
    expect(parseShard(" 1 / 1 ", ENV)).to.deep.equal({ index: 1, count: 1 })
    expect(parseShard("1000/1000", ENV)).to.deep.equal({ index: 1000, count: 1000 })
  })

  for (const [value, says] of [
    ["0/4", `"0/4". Shards are counted from 1: the first is 1/n.`],
    ["5/4", `"5/4". There are 4 shards: give 1/4 to 4/4.`],
    ["2", `"2". Give e.g. 1/4 on the first of four CI machines.`],
    ["1/0", `"1/0". Give e.g. 1/4 on the first of four CI machines.`],
    ["1/1001", `"1/1001". Give e.g. 1/4 on the first of four CI machines.`],
    ["-1/4", `"-1/4". Give e.g. 1/4 on the first of four CI machines.`],
    ["1.5/4", `"1.5/4". Give e.g. 1/4 on the first of four CI machines.`],
    ["2of4", `"2of4". Give e.g. 1/4 on the first of four CI machines.`],
  ] as const) {
    it(`refuses ${JSON.stringify(value)} with a ShardError that names the source and says what to do`, () => {
      const err = thrown(() => parseShard(value, ENV))
      expect(err.code).to.equal("ERR_ZMQH_SHARD")
      expect(err.message).to.equal(`zmq-harness: ${EXPECTED} ${says}`)
    })
  }

  it("refuses a flag given without a value, or twice, from Mocha's options", () => {
    const where = "the Mocha option zmq-harness-shard (.mocharc or --zmq-harness-shard=)"
    expect(thrown(() => shardFromOptions({ "zmq-harness-shard": true })).message).to.equal(
      `zmq-harness: expected ${where} to be i/n, the i-th of n shards with 1 ≤ i ≤ n ≤ 1000 (e.g. 2/4), ` +
        'got a flag with no value. On the command line give the value with "=": --zmq-harness-shard=2/4.',
    )
    expect(thrown(() => shardFromOptions({ zmqHarnessShard: ["1/2", "2/2"] })).message).to.match(
      /got an object\. Give it once\.$/,
    )
  })

  it("reads the variable and the option, and takes unset or empty as no shard", () => {
    expect(shardFromEnv({ ZMQ_HARNESS_SHARD: "3/5" })).to.deep.equal({ index: 3, count: 5 })
    expect(shardFromEnv({ ZMQ_HARNESS_SHARD: " " })).to.equal(undefined)
    expect(shardFromEnv({})).to.equal(undefined)
    expect(shardFromOptions({ "zmq-harness-shard": "1/2" })).to.deep.equal({ index: 1, count: 2 })
    expect(shardFromOptions({ zmqHarnessShard: "2/2" })).to.deep.equal({ index: 2, count: 2 })
    expect(shardFromOptions({})).to.equal(undefined)
  })
})

describe("shard of a test", () => {
  // Pinned: a CI matrix relies on a test staying on its machine from one release to the next.
  it("is the same number for a title in every run and every release", () => {
    expect([2, 3, 4, 10].map((n) => shardOf("alpha parser accepts", n))).to.deep.equal([1, 1, 3, 3])
    expect([2, 3, 4, 10].map((n) => shardOf("PongProc @process answers ping", n))).to.deep.equal([
      2, 3, 4, 8,
    ])
    expect(shardOf("anything", 1)).to.equal(1)
  })

  it("spreads many titles about evenly", () => {
    const counts = [0, 0, 0, 0]
    for (let i = 0; i < 1000; i++) counts[shardOf(`suite test ${i}`, 4) - 1]++
    for (const c of counts) expect(c).to.be.within(200, 300)
  })

  it("puts each title in exactly one of n shards", () => {
    for (const n of [1, 2, 3, 7]) {
      const owners = Array.from({ length: n }, (_, i) => i + 1).filter((index) =>
        inShard("a title", { index, count: n }),
      )
      expect(owners).to.have.length(1)
    }
  })
})

describe("keepShard", () => {
  function tree(): ShardableSuite {
    const test = (title: string) => ({ fullTitle: () => title })
    return {
      tests: [test("top one"), test("top two")],
      suites: [
        { tests: ["a", "b", "c", "d"].map((t) => test(`inner ${t}`)), suites: [] },
        { tests: [], suites: [{ tests: [test("deep x")], suites: [] }] },
      ],
    }
  }
  const titles = (suite: ShardableSuite): string[] => [
    ...suite.tests.map((t) => t.fullTitle()),
    ...suite.suites.flatMap(titles),
  ]

  it("removes the tests of other shards at every depth and counts what it kept", () => {
    const all = titles(tree())
    const seen: string[] = []
    for (let index = 1; index <= 3; index++) {
      const root = tree()
      const { kept, removed } = keepShard(root, { index, count: 3 })
      const left = titles(root)
      expect(kept).to.equal(left.length)
      expect(kept + removed).to.equal(all.length)
      for (const t of left) expect(shardOf(t, 3)).to.equal(index)
      seen.push(...left)
    }
    expect(seen.sort()).to.deep.equal([...all].sort())
  })
})
