/**
 * The raw baseline of crash detection: from the moment a bare child process
 * exits (stamped by itself, just before process.exit) to Node's own `exit`
 * event in the parent — what any detection is built on. The same fixture as
 * bench/process-crash.ts.
 */
import { spawn } from "node:child_process"
import * as path from "node:path"
import { median, round } from "./process-result"

const crasher = path.join(__dirname, "../test/fixtures/processes/crasher.js")

function once(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [crasher, "--after", "50", "--stamp", "1"], {
      stdio: ["ignore", "ignore", "pipe"],
    })
    let stderr = ""
    child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t))
    child.once("error", reject)
    child.once("exit", () => {
      const seenAt = performance.timeOrigin + performance.now()
      // The stamp line may still be in the pipe: read it once stderr ends.
      child.once("close", () => {
        const exitAt = Number(/exit at ([\d.]+)/.exec(stderr)?.[1])
        if (!exitAt) reject(new Error(`no exit stamp in:\n${stderr}`))
        else resolve(seenAt - exitAt)
      })
    })
  })
}

/** Median ms from a bare child's exit to Node's `exit` event, over `runs` runs. */
export async function bareCrashLatency(runs = 20): Promise<number> {
  const latencies: number[] = []
  for (let i = 0; i < runs; i++) latencies.push(await once())
  return round(median(latencies))
}
