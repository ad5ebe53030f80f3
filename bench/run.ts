/**
 * Every benchmark the issues define, each against its raw baseline in the same
 * run, written to bench/results.md (and printed):
 *
 *   npm run bench
 *
 * Sockets (issue 2): round trip, one test's lifecycle, a burst of 10,000.
 * Sockets (issue 10): a round trip to a separate process, inside a Mocha test.
 * Processes (issue 3): start-to-ready, crash detection, time to failure.
 * TypeScript processes (issue 11): startModule of a .ts module per loader against node on its .js.
 * System tests (issue 5): runProgram.
 * Fault links (issue 13): round trips through a faultyLink against direct; delay(50) accuracy.
 * Mock peers (issue 12): a mock rep peer answering 10,000 requests against a raw REP loop.
 * Hosts and partitions (issue 22): 3 hosts set up and torn down; partition changes.
 * explore() (issue 23): runs per second (a process per run, one kept, in-process); a held link's cost.
 * Runners (issue 21): the per-test cost under node:test, Vitest (forks, threads) and Jest with the
 * adapter, against without (bench/vitest-aborts.ts, worker terminations under threads, runs alone).
 * Exits 0 even when a target is missed: the report says which, and why a run
 * on a loaded machine may differ. `--check` makes a missed target exit 1.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { bareCrashLatency } from "./crash-baseline"
import { run as lifecycle } from "./lifecycle"
import { run as moduleStart, toRows as moduleStartRows } from "./module-start"
import type { BenchResult as SocketResult } from "./measure"
import { run as processCrash } from "./process-crash"
import type { BenchResult } from "./process-result"
import { run as processSilent } from "./process-silent"
import { run as processStart } from "./process-start"
import { machine, renderReport, type Row } from "./report"
import { run as roundTrip } from "./round-trip"
import { run as roundTripProcess } from "./round-trip-process"
import { run as runProgramBench } from "./system-run-program"
import { run as throughput } from "./throughput"
// link
import { run as faultyLinkBench } from "./faulty-link"
// artifacts
import { run as artifactsCost } from "./artifacts-cost"
// peer
import { run as mockPeer } from "./mock-peer"
// topology
import { run as topologyBench } from "./topology"
// explore
import { run as exploreBench } from "./explore"
// runners
import { run as nodeTestBench } from "./node-test"
import { run as runnersBench } from "./runners"

/** A socket benchmark (bench/measure.ts) as rows: its time per operation, and its memory peak. */
function fromSocketResult(r: SocketResult): Row[] {
  const rows: Row[] = [
    {
      // Wall time is what the target is about; CPU time shows what load on the machine hides.
      measure: `${r.name} (µs per ${r.operation}; CPU ${r.cpuRatio.toFixed(2)}× raw)`,
      ours: Math.round(r.oursMicros * 10) / 10,
      raw: Math.round(r.rawMicros * 10) / 10,
      unit: "µs",
      spread: r.ratioSpread,
      target: `≤ ${r.target}× raw`,
      pass: r.pass,
    },
  ]
  const ours = r.extra?.peakOurs as { heapGrowthMiB?: number } | undefined
  const raw = r.extra?.peakRaw as { heapGrowthMiB?: number } | undefined
  if (ours?.heapGrowthMiB !== undefined && raw?.heapGrowthMiB !== undefined)
    rows.push({
      measure: `${r.name}: peak heap growth while receiving (transcript kept ${String(r.extra?.transcriptEntriesKept)}, dropped ${String(r.extra?.transcriptDropped)})`,
      ours: ours.heapGrowthMiB,
      raw: raw.heapGrowthMiB,
      unit: "MiB",
      target: "bounded (reported)",
      pass: true,
    })
  return rows
}

/** Process benchmark results as rows: a ratio-only result sets the target of the row before it. */
function fromProcessResults(results: BenchResult[]): Row[] {
  const rows: Row[] = []
  for (const r of results) {
    if (r.unit === "x" && rows.length > 0) {
      const last = rows[rows.length - 1]
      last.target = `${r.target} raw`
      last.pass = r.pass
      continue
    }
    rows.push({
      measure: r.name.replace(/ \(median\)$/, ""),
      ours: r.value,
      raw: r.baseline,
      unit: r.unit === "x" ? "×" : "ms",
      target: r.target,
      pass: r.pass,
    })
  }
  return rows
}

async function main(): Promise<void> {
  const started = performance.now()
  const m = machine()
  const rows: Row[] = []
  const step = async (name: string, fn: () => Promise<Row[]>) => {
    const t = performance.now()
    const got = await fn()
    rows.push(...got)
    console.log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`)
    for (const r of got)
      console.log(
        `  ${r.pass ? "ok  " : "MISS"} ${r.measure}: ${r.ours} ${r.unit}${r.raw === undefined ? "" : ` (raw ${r.raw}; ${(r.ours / r.raw).toFixed(2)}×${r.spread ? `, paired blocks ${r.spread.low.toFixed(2)}–${r.spread.high.toFixed(2)}` : ""})`}; target ${r.target}`,
      )
  }

  await step("round trip", async () => fromSocketResult(await roundTrip()))
  await step("round trip to a process", async () => fromSocketResult(await roundTripProcess()))
  await step("lifecycle", async () => fromSocketResult(await lifecycle()))
  await step("burst", async () => fromSocketResult(await throughput()))
  await step("process start", async () => fromProcessResults(await processStart()))
  await step("TypeScript module start", async () => moduleStartRows(await moduleStart()))
  await step("crash detection", async () => {
    const [row] = fromProcessResults(await processCrash())
    return [{ ...row, raw: await bareCrashLatency() }]
  })
  await step("time to failure", async () => fromProcessResults(await processSilent()))
  await step("runProgram", async () =>
    (await runProgramBench({ runs: 60 })).map((r) => ({
      measure: r.name,
      ours: r.harnessMs,
      raw: r.baselineMs,
      unit: "ms",
      target: `≤ ${r.target}× raw`,
      pass: r.pass,
    })),
  )
  // link
  await step("fault link", faultyLinkBench)

  // artifacts (issue 14): passing tests with when: "failed" cost nothing; "always" is reported.
  await step("artifacts cost", async () => {
    const { failed, always } = await artifactsCost()
    return [
      fromSocketResult(failed)[0],
      {
        ...fromSocketResult(always)[0],
        target: "reported (writes every test's folder)",
        pass: true,
      },
    ]
  })
  // peer
  await step("mock peer", async () => fromSocketResult(await mockPeer()))
  // topology
  await step("topology", topologyBench)
  // explore
  await step("explore", exploreBench)
  // runners (issue 21): the per-test cost under node:test
  await step("node:test per test", nodeTestBench)
  // and under Vitest (forks, threads) and Jest
  await step("Vitest and Jest per test", () => runnersBench())

  const seconds = Math.round((performance.now() - started) / 1000)
  const file = path.join(__dirname, "results.md")
  fs.writeFileSync(file, renderReport(rows, m, seconds))
  fs.writeFileSync(
    path.join(__dirname, "results.json"),
    JSON.stringify({ machine: m, seconds, rows }, null, 2) + "\n",
  )
  console.log(
    `\n${rows.filter((r) => r.pass).length} of ${rows.length} targets met; written to ${path.relative(process.cwd(), file)} (${seconds} s)`,
  )
  process.exit(process.argv.includes("--check") && rows.some((r) => !r.pass) ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  process.exit(2)
})
