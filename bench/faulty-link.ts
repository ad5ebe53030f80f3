// Fault links (issue 13): 10,000 request/reply round trips through a link with no faults against
// the same round trips direct (target ≤ 1.5×, no message lost), and the accuracy of delay(50)
// (median added latency within 2 ms of 50 ms). Raw zeromq.js sockets on both sides, so only the
// link is measured.
import * as net from "node:net"
import * as zmq from "zeromq"
import { faultyLink } from "../lib"
import { rawRep, type RawRep } from "./raw-rep"
import type { Row } from "./report"

const TOTAL = 10_000
const BLOCKS = 10
const DELAY_SAMPLES = 40

/** An echo server: each request comes back as its reply. */
function echo(): Promise<RawRep> {
  return rawRep((frames) => frames)
}

function client(endpoint: string): zmq.Request {
  const req = new zmq.Request({ linger: 0, receiveTimeout: 2000, sendTimeout: 2000 })
  req.connect(endpoint)
  return req
}

/** `count` round trips; returns ms taken and how many replies were wrong or missing. */
async function roundTrips(
  req: zmq.Request,
  count: number,
  from: number,
): Promise<{ ms: number; lost: number }> {
  let lost = 0
  const start = performance.now()
  for (let i = from; i < from + count; i++) {
    await req.send(String(i))
    const [reply] = await req.receive()
    if (reply.toString() !== String(i)) lost++
  }
  return { ms: performance.now() - start, lost }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * The least any proxy in this process can cost: node:net sockets piped both ways, nothing
 * read. Reported beside the link, so its own cost shows apart from the extra hops.
 */
async function barePipe(target: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const [, host, port] = /^tcp:\/\/(.+):(\d+)$/.exec(target)!
  const sockets = new Set<net.Socket>()
  const server = net.createServer({ noDelay: true }, (caller) => {
    const upstream = net.connect({ host, port: Number(port), noDelay: true })
    caller.pipe(upstream).pipe(caller)
    for (const s of [caller, upstream]) {
      sockets.add(s)
      s.on("error", () => undefined).on("close", () => sockets.delete(s))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

/** The rows of the report: overhead with no faults, accuracy of delay(50). */
export async function run(): Promise<Row[]> {
  const server = await echo()
  const link = await faultyLink({ target: server.endpoint, seed: 1 })
  const direct = client(server.endpoint)
  const linked = client(link.endpoint)
  const pipe = await barePipe(server.endpoint)
  const piped = client(pipe.endpoint)
  try {
    await roundTrips(direct, 500, 0) // warm-up: connections, JIT
    await roundTrips(linked, 500, 0)
    await roundTrips(piped, 500, 0)
    const sentBefore = link.stats.upstream.messages
    // Interleaved blocks, so load on the machine falls on both alike.
    const ratios: number[] = []
    let directMs = 0
    let linkMs = 0
    let pipeMs = 0
    let lost = 0
    for (let b = 0; b < BLOCKS; b++) {
      const d = await roundTrips(direct, TOTAL / BLOCKS, b * 1000)
      const l = await roundTrips(linked, TOTAL / BLOCKS, b * 1000)
      pipeMs += (await roundTrips(piped, TOTAL / BLOCKS, b * 1000)).ms
      directMs += d.ms
      linkMs += l.ms
      lost += d.lost + l.lost
      ratios.push(l.ms / d.ms)
    }
    const passed = link.stats.upstream.messages - sentBefore
    const sorted = [...ratios].sort((a, b) => a - b)

    // delay(50) upstream only: each round trip minus the direct round trip's median.
    const directRtts: number[] = []
    for (let i = 0; i < DELAY_SAMPLES; i++) directRtts.push((await roundTrips(linked, 1, i)).ms)
    const base = median(directRtts)
    link.delay(50, { direction: "upstream" })
    const added: number[] = []
    for (let i = 0; i < DELAY_SAMPLES; i++) added.push((await roundTrips(linked, 1, i)).ms - base)
    link.clear()
    const delayMedian = Math.round(median(added) * 100) / 100
    const ratio = linkMs / directMs
    return [
      {
        measure: `req/rep round trip through a faultyLink with no faults, ×${TOTAL} (µs per round trip; ${lost} lost, ${passed} counted by the link)`,
        ours: Math.round((linkMs / TOTAL) * 1000 * 10) / 10,
        raw: Math.round((directMs / TOTAL) * 1000 * 10) / 10,
        unit: "µs",
        spread: { low: sorted[Math.floor(BLOCKS / 4)], high: sorted[Math.floor((BLOCKS * 3) / 4)] },
        target: "≤ 1.5× raw, none lost",
        pass: ratio <= 1.5 && lost === 0 && passed === TOTAL,
      },
      {
        measure: `req/rep round trip through a bare node:net pipe proxy, ×${TOTAL} (µs; the floor of any proxy in the test's process)`,
        ours: Math.round((pipeMs / TOTAL) * 1000 * 10) / 10,
        raw: Math.round((directMs / TOTAL) * 1000 * 10) / 10,
        unit: "µs",
        target: "reported",
        pass: true,
      },
      {
        measure: `faultyLink delay(50) upstream: median added latency over ${DELAY_SAMPLES} round trips (min ${Math.round(Math.min(...added) * 10) / 10}, max ${Math.round(Math.max(...added) * 10) / 10})`,
        ours: delayMedian,
        unit: "ms",
        target: "50 ± 2 ms",
        pass: Math.abs(delayMedian - 50) <= 2,
      },
    ]
  } finally {
    direct.close()
    linked.close()
    piped.close()
    await pipe.stop()
    await link.close()
    await server.stop()
  }
}

// Run alone: node -r ts-node/register/transpile-only bench/faulty-link.ts
if (require.main === module) {
  run().then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.pass ? "ok  " : "MISS"} ${r.measure}: ${r.ours} ${r.unit}${r.raw === undefined ? "" : ` (raw ${r.raw}; ${(r.ours / r.raw).toFixed(2)}×)`}; target ${r.target}`,
        )
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(2)
    },
  )
}
