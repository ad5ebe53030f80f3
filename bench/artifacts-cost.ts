// Issue 14's cost: what artifacts cost the tests that pass. Real Mocha runs with the plugin's
// hooks, each of `count` tests doing what a socket test does (bind a REP, connect a REQ, one
// round trip, both closed by the plugin at the test's end), in alternating blocks:
// - artifacts off against `when: "failed"`: passing tests must cost nothing more (target ≤ 1.05×,
//   the noise of this machine): no record is taken, nothing is kept beyond the transcripts;
// - artifacts off against `when: "always"`: what writing every test's folder costs (reported).
// Only the tests are timed (from the suite's `before` hook to its `after` hook), not Mocha's start.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Mocha from "mocha"
import { configure, socket } from "../lib"
import { enterRunnable } from "../lib/runners/mocha/current"
import { mochaHooks } from "../lib/register"
import type { ArtifactsSettings } from "../lib/settings/artifacts"
import { compare, type BenchResult } from "./measure"

/** A reporter that prints nothing: the bench reports for itself. */
class Silent extends Mocha.reporters.Base {}

/** Runs `count` passing socket tests in one Mocha run with `artifacts`; returns the ms they took. */
async function tests(count: number, artifacts: ArtifactsSettings | false): Promise<number> {
  configure({ artifacts })
  const mocha = new Mocha({ reporter: Silent, timeout: 60_000, rootHooks: mochaHooks })
  const suite = Mocha.Suite.create(mocha.suite, "artifacts cost")
  let started = 0
  let ended = 0
  let failure: unknown
  suite.beforeAll(() => {
    started = performance.now()
  })
  suite.afterAll(() => {
    ended = performance.now()
  })
  for (let i = 0; i < count; i++) {
    suite.addTest(
      new Mocha.Test(`test ${i}`, async () => {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        const req = await socket("req", { connect: rep.endpoint })
        await req.send(["ping", i])
        await rep.recv()
        await rep.send(["pong", i])
        await req.recv()
      }),
    )
  }
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve())
    runner.on("fail", (_test: unknown, err: unknown) => (failure ??= err))
  })
  // Each run adds listeners to the process (unhandled rejections): let them go.
  mocha.dispose()
  enterRunnable({ title: "(after the artifacts bench)", fullTitle: () => "" })
  configure({ artifacts: false })
  if (failure) throw failure
  return ended - started
}

/** Both comparisons: `when: "failed"` (target) and `when: "always"` (reported), each against off. */
export async function run(
  options: { count?: number; repeat?: number } = {},
): Promise<{ failed: BenchResult; always: BenchResult; folders: number }> {
  const count = options.count ?? 200
  const repeat = options.repeat ?? 11
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-harness-bench-artifacts-"))
  try {
    const failed = await compare({
      name: 'passing socket tests with artifacts when: "failed" against artifacts off',
      operation: "one test",
      target: 1.05,
      count,
      warmup: 2,
      repeat,
      ours: (n) => tests(n, { dir, when: "failed" }),
      raw: (n) => tests(n, false),
    })
    // when: "failed" wrote nothing for passing tests: the folder must be empty.
    const afterFailed = fs.existsSync(dir) ? fs.readdirSync(dir).length : 0
    if (afterFailed !== 0)
      throw new Error(`when: "failed" wrote ${afterFailed} entries for passing tests`)
    const always = await compare({
      name: 'passing socket tests with artifacts when: "always" (every folder written) against artifacts off',
      operation: "one test",
      target: Infinity,
      count: Math.max(10, count >> 2),
      warmup: 1,
      repeat: Math.max(3, repeat >> 1),
      ours: (n) => tests(n, { dir, when: "always" }),
      raw: (n) => tests(n, false),
    })
    const folders = fs.readdirSync(dir).filter((f) => f !== "index.html").length
    return { failed, always, folders }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  run().then(
    ({ failed, always, folders }) => {
      for (const r of [failed, always])
        console.log(
          `${r.name}: ${r.oursMicros.toFixed(0)} µs vs ${r.rawMicros.toFixed(0)} µs per test, ${r.ratio.toFixed(3)}× ` +
            `(paired blocks ${r.ratioSpread.low.toFixed(2)}–${r.ratioSpread.high.toFixed(2)}; CPU ${r.cpuRatio.toFixed(2)}×)`,
        )
      console.log(`when: "always" wrote ${folders} test folders`)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
