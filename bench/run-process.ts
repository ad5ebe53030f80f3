/**
 * The process benchmarks on their own:
 *   node -r ts-node/register/transpile-only bench/run-process.ts
 * Each bench/process-*.ts file exports `run(): Promise<BenchResult[]>`.
 */
import { run as crash } from "./process-crash"
import { run as silent } from "./process-silent"
import { run as start } from "./process-start"
import type { BenchResult } from "./process-result"

export async function run(): Promise<BenchResult[]> {
  return [...(await start()), ...(await crash()), ...(await silent())]
}

if (require.main === module) {
  run().then(
    (results) => {
      for (const r of results) {
        const base = r.baseline === undefined ? "" : ` (raw Node: ${r.baseline} ${r.unit})`
        console.log(
          `${r.pass ? "ok  " : "FAIL"} ${r.name}: ${r.value} ${r.unit}${base}; target ${r.target}`,
        )
      }
      process.exit(results.every((r) => r.pass) ? 0 : 1)
    },
    (err) => {
      console.error(err)
      process.exit(2)
    },
  )
}
