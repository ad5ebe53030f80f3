/**
 * runProgram against child_process.execFile on the same short program
 * (`node -e ""`). Target: runProgram's median ≤ 1.05 × execFile's.
 * Runs interleaved (A, B, B, A, …) so drift in machine load hits both alike.
 *
 * Run alone: `node -r ts-node/register/transpile-only bench/system-run-program.ts`
 */
import { execFile } from "node:child_process"
import { runProgram } from "../lib"

export interface BenchResult {
  name: string
  runs: number
  /** Median ms of one execFile run. */
  baselineMs: number
  /** Median ms of one runProgram run. */
  harnessMs: number
  /** harnessMs / baselineMs */
  ratio: number
  target: number
  pass: boolean
}

function execFileOnce(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-e", ""], (err) => (err ? reject(err) : resolve())),
  )
}

async function runProgramOnce(): Promise<void> {
  const run = await runProgram(process.execPath, ["-e", ""])
  if (run.code !== 0) throw new Error(`node -e "" exited with ${run.code}`)
}

async function time(fn: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function run({ runs = 100, warmup = 5 } = {}): Promise<BenchResult[]> {
  for (let i = 0; i < warmup; i++) {
    await execFileOnce()
    await runProgramOnce()
  }
  const baseline: number[] = []
  const harness: number[] = []
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      baseline.push(await time(execFileOnce))
      harness.push(await time(runProgramOnce))
    } else {
      harness.push(await time(runProgramOnce))
      baseline.push(await time(execFileOnce))
    }
  }
  const baselineMs = median(baseline)
  const harnessMs = median(harness)
  const ratio = harnessMs / baselineMs
  const round = (n: number) => Math.round(n * 100) / 100
  return [
    {
      name: 'runProgram vs execFile: node -e ""',
      runs,
      baselineMs: round(baselineMs),
      harnessMs: round(harnessMs),
      ratio: round(ratio),
      target: 1.05,
      pass: ratio <= 1.05,
    },
  ]
}

if (require.main === module) {
  run().then(
    (results) => {
      for (const r of results) {
        console.log(
          `${r.name}: execFile ${r.baselineMs} ms, runProgram ${r.harnessMs} ms, ×${r.ratio} (target ≤ ×${r.target}) ${r.pass ? "ok" : "MISSED"}`,
        )
      }
    },
    (err) => {
      console.error(err)
      process.exitCode = 1
    },
  )
}
