// `npm run bench`: each benchmark against raw zeromq.js in the same run. Prints the ratios and
// writes bench/results.json. Exits 1 when a ratio misses its target.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { BenchResult } from "./measure"
import { run as lifecycle } from "./lifecycle"
import { run as roundTrip } from "./round-trip"
import { run as throughput } from "./throughput"

const benchmarks: [string, () => Promise<BenchResult>][] = [
  ["round-trip", roundTrip],
  ["lifecycle", lifecycle],
  ["throughput", throughput],
]

function line(r: BenchResult): string {
  const us = (n: number) => `${n.toFixed(1)} µs`
  return (
    `${r.pass ? "ok  " : "MISS"} ${r.name}: ours ${us(r.oursMicros)}, raw ${us(r.rawMicros)} per ${r.operation}; ` +
    `ratio ${r.ratio.toFixed(2)}× (target ≤ ${r.target}×); CPU ${us(r.oursCpuMicros)} vs ${us(r.rawCpuMicros)}, ` +
    `${r.cpuRatio.toFixed(2)}×`
  )
}

async function main(): Promise<void> {
  const started = performance.now()
  const results: BenchResult[] = []
  for (const [, bench] of benchmarks) {
    const result = await bench()
    results.push(result)
    console.log(`${line(result)}${result.extra ? `\n     ${JSON.stringify(result.extra)}` : ""}`)
  }
  const seconds = (performance.now() - started) / 1000
  const file = path.join(__dirname, "results.json")
  const record = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    seconds: Math.round(seconds * 10) / 10,
    results,
  }
  fs.writeFileSync(file, JSON.stringify(record, null, 2) + "\n")
  console.log(
    `${results.filter((r) => r.pass).length} of ${results.length} within target in ${seconds.toFixed(1)} s; written to ${path.relative(process.cwd(), file)}`,
  )
  if (results.some((r) => !r.pass)) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
