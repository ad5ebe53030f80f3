// explore() (issue 23): runs per second of the Clone scenario (test/explore/clone.ts, its
// fixed client, so every run goes to the end) with a client process started per run, with one
// process kept across runs (reset by a message), and with the client in this process; and the
// cost of a held (scheduled) link against a plain fault link, per request/reply round trip.
import * as zmq from "zeromq"
import { explore, faultyLink } from "../lib"
import { closeDetached } from "../lib/core/ownership"
import { cloneRun, keptClient } from "../test/explore/clone"
import { rawRep } from "./raw-rep"
import type { Row } from "./report"

const ROUND_TRIPS = 20

async function runsPerSecond(
  runs: number,
  where: Parameters<typeof cloneRun>[2] | (() => Promise<Parameters<typeof cloneRun>[2]>),
  quiet?: number,
): Promise<{ perSecond: number; orders: number }> {
  const client = typeof where === "function" ? await where() : where
  const result = await explore({ runs, seed: 1, ...(quiet !== undefined && { quiet }) }, (run) =>
    cloneRun(run, "fixed", client),
  )
  return {
    perSecond: Math.round((result.runs / result.ms) * 1000 * 10) / 10,
    orders: result.orders,
  }
}

/** ms per request/reply round trip through a link: plain, or scheduled by a run with `quiet`. */
async function roundTrip(target: string, quiet: number | undefined): Promise<number> {
  let ms = 0
  const trips = async (endpoint: string) => {
    const req = new zmq.Request({ linger: 0, receiveTimeout: 5000, sendTimeout: 5000 })
    req.connect(endpoint)
    try {
      await req.send("warm-up")
      await req.receive()
      const start = performance.now()
      for (let i = 0; i < ROUND_TRIPS; i++) {
        await req.send(String(i))
        await req.receive()
      }
      ms = (performance.now() - start) / ROUND_TRIPS
    } finally {
      req.close()
    }
  }
  if (quiet === undefined) {
    const link = await faultyLink({ target })
    await trips(link.endpoint).finally(() => link.close())
  } else {
    await explore({ runs: 1, seed: 1, quiet }, async (run) => {
      const link = await faultyLink({ target, schedule: run })
      await trips(link.endpoint)
    })
  }
  return Math.round(ms * 100) / 100
}

/** The rows of the report. */
export async function run(): Promise<Row[]> {
  const rows: Row[] = []
  try {
    const perRun = await runsPerSecond(15, "process")
    const kept = await runsPerSecond(40, () => keptClient("fixed"))
    const inProcess = await runsPerSecond(40, "in-process")
    const quick = await runsPerSecond(40, "in-process", 5)
    rows.push(
      {
        measure: `explore(): Clone runs per second, a client process started per run (${perRun.orders} distinct orders in 15 runs)`,
        ours: perRun.perSecond,
        unit: "runs/s",
        target: "reported",
        pass: true,
      },
      {
        measure: `explore(): Clone runs per second, one client process kept across runs, reset by a message (${kept.orders} orders in 40)`,
        ours: kept.perSecond,
        unit: "runs/s",
        target: "reported",
        pass: true,
      },
      {
        measure: `explore(): Clone runs per second, the client in the test's process (${inProcess.orders} orders in 40)`,
        ours: inProcess.perSecond,
        unit: "runs/s",
        target: "reported",
        pass: true,
      },
      {
        measure: `explore(): the same with quiet: 5 ms (${quick.orders} orders in 40; a run of k releases waits at least k × quiet)`,
        ours: quick.perSecond,
        unit: "runs/s",
        target: "reported",
        pass: true,
      },
    )
    const server = await rawRep((frames) => frames)
    try {
      const plain = await roundTrip(server.endpoint, undefined)
      for (const quiet of [20, 2]) {
        rows.push({
          measure: `req/rep round trip through a held (scheduled) link, quiet ${quiet} ms, against a plain fault link (ms; each message waits until the links are quiet)`,
          ours: await roundTrip(server.endpoint, quiet),
          raw: plain,
          unit: "ms",
          target: "reported",
          pass: true,
        })
      }
    } finally {
      await server.stop()
    }
  } finally {
    await closeDetached()
  }
  return rows
}
