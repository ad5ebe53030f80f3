import { expect } from "chai"
import { ShardError } from "../../lib/errors"
import { runsTestFiles } from "../../lib/runners/node-test/role"
import { refuseHarnessShard } from "../../lib/runners/node-test/shard"
import { testErrorOf } from "../../lib/runners/node-test/test-error"

// The node:test adapter's decisions that need no child run.

describe("node:test adapter: which process runs test files", () => {
  it("not `node --test` itself, which starts a process per file", () => {
    expect(runsTestFiles(["--test", "--import", "zmq-harness/node-test"])).to.equal(false)
  })

  it("a file's process, `node file.test.js`, and `--experimental-test-isolation=none`", () => {
    expect(runsTestFiles(["--import", "zmq-harness/node-test"])).to.equal(true)
    expect(runsTestFiles([])).to.equal(true)
    expect(runsTestFiles(["--test", "--experimental-test-isolation=none"])).to.equal(true)
    expect(runsTestFiles(["--test", "--test-isolation", "none"])).to.equal(true)
    expect(runsTestFiles(["--test", "--experimental-test-isolation=process"])).to.equal(false)
  })
})

describe("node:test adapter: ZMQ_HARNESS_SHARD", () => {
  it("is refused without --test-shard, naming the flag to use", () => {
    expect(() => refuseHarnessShard({ ZMQ_HARNESS_SHARD: "2/4" }, [])).to.throw(
      ShardError,
      "node --test --test-shard=2/4",
    )
  })

  it("gives way to --test-shard, and means nothing when unset, empty or 1/1", () => {
    expect(() =>
      refuseHarnessShard({ ZMQ_HARNESS_SHARD: "2/4" }, ["--test-shard=2/4"]),
    ).not.to.throw()
    expect(() => refuseHarnessShard({}, [])).not.to.throw()
    expect(() => refuseHarnessShard({ ZMQ_HARNESS_SHARD: " " }, [])).not.to.throw()
    expect(() => refuseHarnessShard({ ZMQ_HARNESS_SHARD: "1/1" }, [])).not.to.throw()
  })

  it("reports a malformed value as under Mocha", () => {
    expect(() => refuseHarnessShard({ ZMQ_HARNESS_SHARD: "two" }, [])).to.throw(ShardError)
  })
})

describe("node:test adapter: how a test ended", () => {
  const signal = new AbortController().signal
  const t = (error: unknown) => ({ name: "t", signal, error })

  it("the user's error out of node:test's ERR_TEST_FAILURE wrapper", () => {
    const own = new Error("boom")
    const wrapped = Object.assign(new Error("boom"), { code: "ERR_TEST_FAILURE", cause: own })
    expect(testErrorOf(t(wrapped))).to.deep.equal({ error: own, timedOut: false })
  })

  it("node:test's timeout as itself, marked", () => {
    const timeout = Object.assign(new Error("test timed out after 100ms"), {
      code: "ERR_TEST_FAILURE",
      failureType: "testTimeoutFailure",
    })
    expect(testErrorOf(t(timeout))).to.deep.equal({ error: timeout, timedOut: true })
  })

  it("nothing for a test that passed", () => {
    expect(testErrorOf(t(null))).to.deep.equal({ error: undefined, timedOut: false })
  })
})
