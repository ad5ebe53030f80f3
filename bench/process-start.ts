/**
 * Start-to-ready of a JS module: startModule(…, { ready: /listening on/ })
 * against a bare child_process.fork of the same module waiting for the same
 * line on its stdout. Runs alternate, so both see the same machine load.
 */
import { fork } from "node:child_process"
import * as path from "node:path"
import { startModule } from "../lib"
import { median, round, tolerateMonitorCloseBug, type BenchResult } from "./process-result"

const pong = path.join(__dirname, "../test/fixtures/processes/pong.js")

async function bareFork(): Promise<number> {
  const started = performance.now()
  // execArgv [] as startModule uses for a .js module: the bench may itself run under ts-node.
  const child = fork(pong, [], { execArgv: [], stdio: ["ignore", "pipe", "pipe", "ipc"] })
  await new Promise<void>((resolve) => {
    let text = ""
    child.stdout!.setEncoding("utf8")
    child.stdout!.on("data", (chunk: string) => {
      text += chunk
      if (/listening on/.test(text)) resolve()
    })
  })
  const took = performance.now() - started
  const gone = new Promise((resolve) => child.once("close", resolve))
  child.kill("SIGKILL")
  await gone
  return took
}

async function harness(): Promise<number> {
  const started = performance.now()
  const proc = await startModule(pong, [], { ready: /listening on/ })
  const took = performance.now() - started
  proc.kill("SIGKILL")
  await proc.close()
  return took
}

export async function run({ runs = 30 } = {}): Promise<BenchResult[]> {
  tolerateMonitorCloseBug()
  const bare: number[] = []
  const ours: number[] = []
  await bareFork() // warm the file cache
  for (let i = 0; i < runs; i++) {
    if (i % 2) {
      bare.push(await bareFork())
      ours.push(await harness())
    } else {
      ours.push(await harness())
      bare.push(await bareFork())
    }
  }
  const ratio = median(ours) / median(bare)
  return [
    {
      name: "startModule start-to-ready (median)",
      value: round(median(ours)),
      unit: "ms",
      baseline: round(median(bare)),
      target: "—",
      pass: true,
    },
    {
      name: "startModule / bare fork",
      value: round(ratio),
      unit: "x",
      target: "≤ 1.1×",
      pass: ratio <= 1.1,
    },
  ]
}
