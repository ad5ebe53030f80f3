/**
 * The per-test cost under node:test (issue 21): one test's lifecycle (bind, connect, round
 * trip, close) as N tests of a `node --test` run, measured inside the run (from the first
 * measured test's start to the start of a last test, so every hook, the adapter's close
 * included, counts):
 * - the same bare zeromq.js body with `--import zmq-harness/node-test` against without: what the
 *   adapter's hooks cost a test;
 * - the body with zmq-harness sockets (closed by the adapter) against the bare body without the
 *   adapter: what a user pays per test for the harness under node:test.
 * Runs alternate (bare, bare + adapter, harness) so that machine load hits all alike.
 *
 *   node -r ts-node/register/transpile-only bench/node-test.ts   # prints the rows
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import type { Row } from "./report"

const ROUNDS = 5
const TESTS = 200
const ROOT = path.join(__dirname, "..")

type Config = "bare" | "bare + adapter" | "harness"

function perTest(config: Config): number {
  const file = path.join(
    __dirname,
    "node-test",
    config === "harness" ? "harness.test.mjs" : "raw.test.mjs",
  )
  const args = ["--test", ...(config === "bare" ? [] : ["--import", "zmq-harness/node-test"]), file]
  const out = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ZMQH_BENCH_TESTS: String(TESTS) },
  })
  const m = /ZMQH_BENCH (\{.*\})/.exec(out.stdout)
  if (!m)
    throw new Error(`bench/node-test: no figure from ${config}:\n${out.stdout}\n${out.stderr}`)
  return (JSON.parse(m[1]) as { perTestMicros: number }).perTestMicros
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function quartiles(values: number[]): { low: number; high: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]
  return { low: at(0.25), high: at(0.75) }
}

/**
 * The two rows: the adapter's own cost, and the harness's, each per test against the bare body.
 *
 * @example
 * ```ts
 * rows.push(...(await run()))
 * ```
 */
export async function run(): Promise<Row[]> {
  const times: Record<Config, number[]> = { bare: [], "bare + adapter": [], harness: [] }
  for (let round = 0; round < ROUNDS; round++) {
    for (const config of Object.keys(times) as Config[]) times[config].push(perTest(config))
  }
  const bare = median(times.bare)
  const row = (config: Config, measure: string): Row => {
    const ours = median(times[config])
    const ratio = ours / bare
    return {
      measure: `${measure} (µs per test, ${TESTS} tests per run, ${ROUNDS} runs alternating)`,
      ours: Math.round(ours * 10) / 10,
      raw: Math.round(bare * 10) / 10,
      unit: "µs",
      spread: quartiles(times[config].map((t, i) => t / times.bare[i])),
      target: "≤ 1.3× raw",
      pass: ratio <= 1.3,
    }
  }
  return [
    row(
      "bare + adapter",
      "node:test: a bare zeromq.js test's lifecycle with zmq-harness/node-test loaded, against without",
    ),
    row(
      "harness",
      "node:test: a test's lifecycle with zmq-harness sockets (closed by the adapter), against the bare test without the adapter",
    ),
  ]
}

if (require.main === module) {
  void run().then((rows) => {
    for (const r of rows) {
      const ratio = r.ours / r.raw!
      console.log(
        `| ${r.measure} | ${r.ours} µs | ${r.raw} µs | ${ratio.toFixed(2)}× (${r.spread!.low.toFixed(2)}–${r.spread!.high.toFixed(2)}) | ${r.target} | ${r.pass ? "pass" : "**FAIL**"} |`,
      )
    }
  })
}
