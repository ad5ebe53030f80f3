/**
 * Crash detection: from the moment a process under test exits (stamped by the
 * process itself, just before process.exit) to the rejection of a receive the
 * test is waiting on, through the crash rule.
 */
import * as path from "node:path"
import { socket, startProcess } from "../lib"
import { closeDetached } from "../lib/core/ownership"
import { median, round, tolerateMonitorCloseBug, type BenchResult } from "./process-result"

const crasher = path.join(__dirname, "../test/fixtures/processes/crasher.js")

async function once(): Promise<number> {
  const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
  const proc = await startProcess("node", [crasher, "--after", "50", "--stamp", "1"], {
    ready: /started/,
  })
  const err = await rep.recv().catch((e: Error) => e)
  const rejectedAt = performance.timeOrigin + performance.now()
  const exitAt = Number(/exit at ([\d.]+)/.exec(proc.stderr)?.[1])
  if (!(err instanceof Error) || !exitAt)
    throw new Error(`expected a crash rejection, got ${String(err)}`)
  // Outside Mocha everything lives in the detached scope, which the crash failed: start afresh.
  await closeDetached()
  return rejectedAt - exitAt
}

export async function run({ runs = 20 } = {}): Promise<BenchResult[]> {
  tolerateMonitorCloseBug()
  const latencies: number[] = []
  for (let i = 0; i < runs; i++) latencies.push(await once())
  const value = median(latencies)
  return [
    {
      name: "crash: exit-to-rejection (median)",
      value: round(value),
      unit: "ms",
      target: "≤ 50 ms",
      pass: value <= 50,
    },
  ]
}
