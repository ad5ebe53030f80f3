// Hosts and partitions (issue 22): a topology of 3 hosts set up (topology()) and torn down
// (close()), and partition changes (apply and heal) on it, each the median of several runs.
// Targets: set up and torn down in under 1 s together; each change under 50 ms. Skipped,
// with the reason, where topologySupport() says no.
import { topology, topologySupport } from "../lib"
import type { Row } from "./report"

const RUNS = 7
const CHANGES = 20

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export async function run(): Promise<Row[]> {
  const support = topologySupport()
  if (!support.ok) {
    return [
      {
        measure: `topology: skipped (${support.reason})`,
        ours: 0,
        unit: "ms",
        target: "—",
        pass: true,
      },
    ]
  }
  const up: number[] = []
  const down: number[] = []
  const apply: number[] = []
  const heal: number[] = []
  for (let i = 0; i < RUNS; i++) {
    let net: Awaited<ReturnType<typeof topology>> | undefined
    up.push(await timed(async () => (net = await topology({ hosts: ["broker", "w1", "w2"] }))))
    for (let c = 0; c < CHANGES / RUNS + 1; c++) {
      apply.push(
        await timed(() =>
          net!.partition(["broker"], ["w1", "w2"], { mode: c % 2 ? "reset" : "drop" }),
        ),
      )
      heal.push(await timed(() => net!.heal()))
    }
    down.push(await timed(() => net!.close()))
  }
  const total = Math.round((median(up) + median(down)) * 10) / 10
  return [
    {
      measure: "topology: 3 hosts set up (median)",
      ours: median(up),
      unit: "ms",
      target: "reported",
      pass: true,
    },
    {
      measure: "topology: 3 hosts torn down (median)",
      ours: median(down),
      unit: "ms",
      target: "reported",
      pass: true,
    },
    {
      measure: "topology: 3 hosts set up and torn down",
      ours: total,
      unit: "ms",
      target: "< 1000 ms",
      pass: total < 1000,
    },
    {
      measure: `topology: partition applied (median of ${apply.length}, max ${Math.round(Math.max(...apply))})`,
      ours: median(apply),
      unit: "ms",
      target: "< 50 ms",
      pass: median(apply) < 50,
    },
    {
      measure: `topology: partition healed (median of ${heal.length}, max ${Math.round(Math.max(...heal))})`,
      ours: median(heal),
      unit: "ms",
      target: "< 50 ms",
      pass: median(heal) < 50,
    },
  ]
}

if (require.main === module) {
  run().then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.pass ? "ok  " : "MISS"} ${r.measure}: ${r.ours} ${r.unit}; target ${r.target}`,
        )
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
