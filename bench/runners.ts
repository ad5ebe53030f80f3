/**
 * The per-test cost under Vitest and Jest (issue 21), as bench/node-test.ts measures it under
 * node:test: one test's lifecycle (bind, connect, round trip, close) as N tests of one file,
 * measured inside the run (from the first measured test's start to the start of a last test, so
 * every hook, the adapter's close included, counts):
 * - the bare zeromq.js body with the adapter loaded (`setupFiles: ["zmq-harness/vitest"]`,
 *   `setupFilesAfterEnv: ["zmq-harness/jest"]`) against without: what the adapter's hooks cost;
 * - the body with zmq-harness sockets (closed by the adapter) against the bare body without the
 *   adapter: what a user pays per test for the harness under that runner.
 * Runs alternate (bare, bare + adapter, harness) so that machine load hits all alike. Vitest
 * runs in its default pool (forks) and in threads.
 *
 *   node -r ts-node/register/transpile-only bench/runners.ts   # prints the rows
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import type { Row } from "./report"

const ROUNDS = 5
const TESTS = 200
const ROOT = path.join(__dirname, "..")
const DIR = path.join(__dirname, "runners")

type Config = "bare" | "bare + adapter" | "harness"
type Runner = "Vitest (forks)" | "Vitest (threads)" | "Jest"

function perTest(runner: Runner, config: Config): number {
  const args =
    runner === "Jest"
      ? [
          path.join(ROOT, "node_modules/jest/bin/jest.js"),
          "--config",
          path.join(DIR, "jest.config.js"),
        ]
      : [
          path.join(ROOT, "node_modules/vitest/vitest.mjs"),
          "run",
          "--config",
          path.join(DIR, "vitest.config.mjs"),
        ]
  const out = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      ...process.env,
      ZMQH_BENCH_TESTS: String(TESTS),
      SETUP: config === "bare" ? "0" : "1",
      BODY: config === "harness" ? "harness" : "raw",
      POOL: runner === "Vitest (threads)" ? "threads" : "forks",
      NO_COLOR: "1",
    },
  })
  const m = /ZMQH_BENCH (\{.*\})/.exec(out.stdout + out.stderr)
  if (!m) {
    throw new Error(
      `bench/runners: no figure from ${runner}, ${config}:\n${out.stdout}\n${out.stderr}`,
    )
  }
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
 * Two rows per runner: the adapter's own cost, and the harness's, each per test against the
 * bare body without the adapter.
 *
 * @example
 * ```ts
 * rows.push(...(await run()))
 * ```
 */
export async function run(
  runners: Runner[] = ["Vitest (forks)", "Vitest (threads)", "Jest"],
): Promise<Row[]> {
  const rows: Row[] = []
  for (const runner of runners) {
    const times: Record<Config, number[]> = { bare: [], "bare + adapter": [], harness: [] }
    for (let round = 0; round < ROUNDS; round++) {
      for (const config of Object.keys(times) as Config[])
        times[config].push(perTest(runner, config))
    }
    const bare = median(times.bare)
    const row = (config: Config, measure: string): Row => {
      const ours = median(times[config])
      return {
        measure: `${runner}: ${measure} (µs per test, ${TESTS} tests per run, ${ROUNDS} runs alternating)`,
        ours: Math.round(ours * 10) / 10,
        raw: Math.round(bare * 10) / 10,
        unit: "µs",
        spread: quartiles(times[config].map((t, i) => t / times.bare[i])),
        target: "≤ 1.3× raw",
        pass: ours / bare <= 1.3,
      }
    }
    rows.push(
      row(
        "bare + adapter",
        "a bare zeromq.js test's lifecycle with the adapter loaded, against without",
      ),
      row(
        "harness",
        "a test's lifecycle with zmq-harness sockets (closed by the adapter), against the bare test without the adapter",
      ),
    )
  }
  return rows
}

if (require.main === module) {
  const only = process.argv.slice(2) as Runner[]
  void run(only.length ? only : undefined).then((rows) => {
    for (const r of rows) {
      const ratio = r.ours / r.raw!
      console.log(
        `| ${r.measure} | ${r.ours} µs | ${r.raw} µs | ${ratio.toFixed(2)}× (${r.spread!.low.toFixed(2)}–${r.spread!.high.toFixed(2)}) | ${r.target} | ${r.pass ? "pass" : "**FAIL**"} |`,
      )
    }
  })
}
