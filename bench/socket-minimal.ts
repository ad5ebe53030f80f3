/**
 * Minimal socket benchmarks of issue 2, against raw zeromq.js in the same run
 * (written by the reliability work while the sockets' own bench files were not
 * on main; bench/run.ts prefers those when they exist):
 *   (a) round trip: req.send + expect(req).to.receive vs raw send/receive/JSON.parse/deep equal;
 *   (b) lifecycle: bind a REP on :*, connect a REQ, one round trip, close both;
 *   (c) burst: 10,000 messages received through a test socket with its transcript on.
 * Runs alternate (harness, raw, raw, harness, …) so drift in machine load hits both alike.
 */
import * as chai from "chai"
import { isDeepStrictEqual } from "node:util"
import * as zmq from "zeromq"
import { socket, zmqHarnessChai } from "../lib"
import { closeDetached } from "../lib/mocha/current"
import { median, round, tolerateMonitorCloseBug } from "./process-result"
import type { Row } from "./report"

chai.use(zmqHarnessChai)
const { expect } = chai

/** A raw REP echo peer, the same for both sides. */
async function echoPeer(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const rep = new zmq.Reply({ linger: 0 })
  await rep.bind("tcp://127.0.0.1:*")
  const loop = (async () => {
    try {
      for await (const frames of rep) await rep.send(frames)
    } catch {
      // closed
    }
  })()
  return {
    endpoint: rep.lastEndpoint!,
    async stop() {
      rep.close()
      await loop
    },
  }
}

async function time(fn: () => Promise<void>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

/** Alternates a and b `rounds` times; the medians of each. */
async function alternate(rounds: number, a: () => Promise<void>, b: () => Promise<void>) {
  const as: number[] = []
  const bs: number[] = []
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      bs.push(await time(b))
      as.push(await time(a))
    } else {
      as.push(await time(a))
      bs.push(await time(b))
    }
  }
  return { a: median(as), b: median(bs) }
}

function ratioRow(measure: string, ours: number, raw: number, limit: number): Row[] {
  return [
    {
      measure,
      ours: round(ours),
      raw: round(raw),
      unit: "ms",
      target: `≤ ${limit}× raw`,
      pass: ours / raw <= limit,
    },
  ]
}

async function roundTrip(batch = 200, rounds = 10): Promise<Row[]> {
  const peer = await echoPeer()
  const req = await socket("req", { connect: peer.endpoint })
  const raw = new zmq.Request({ linger: 0, receiveTimeout: 1000 })
  raw.connect(peer.endpoint)
  const harness = async () => {
    for (let i = 0; i < batch; i++) {
      await req.send(["ping", i])
      await expect(req).to.receive([["ping", i]])
    }
  }
  const bare = async () => {
    for (let i = 0; i < batch; i++) {
      await raw.send(JSON.stringify(["ping", i]))
      const [frame] = await raw.receive()
      if (!isDeepStrictEqual([JSON.parse(frame.toString())], [["ping", i]]))
        throw new Error("mismatch")
    }
  }
  await harness()
  await bare() // warm both
  const { a, b } = await alternate(rounds, harness, bare)
  raw.close()
  await req.close()
  await peer.stop()
  return ratioRow(`round trip ×${batch}, JSON + deep equal`, a, b, 1.2)
}

async function lifecycle(runs = 40): Promise<Row[]> {
  const harness = async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const req = await socket("req", { connect: rep.endpoint })
    await req.send(["ping", 1])
    await rep.recv()
    await rep.send(["pong", 1])
    await req.recv()
    await req.close()
    await rep.close()
  }
  const bare = async () => {
    const rep = new zmq.Reply({ linger: 0, receiveTimeout: 1000 })
    await rep.bind("tcp://127.0.0.1:*")
    const req = new zmq.Request({ linger: 0, receiveTimeout: 1000 })
    req.connect(rep.lastEndpoint!)
    await req.send(JSON.stringify(["ping", 1]))
    JSON.parse((await rep.receive())[0].toString())
    await rep.send(JSON.stringify(["pong", 1]))
    JSON.parse((await req.receive())[0].toString())
    req.close()
    rep.close()
  }
  await harness()
  await bare()
  const { a, b } = await alternate(runs, harness, bare)
  return ratioRow("one test's lifecycle: bind, connect, round trip, close", a, b, 1.3)
}

async function burst(count = 10000, rounds = 3): Promise<Row[]> {
  const rssBefore = process.memoryUsage().rss
  let peak = rssBefore
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss))
  const pullH = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
  const pullR = new zmq.Pull({ linger: 0, receiveTimeout: 5000 })
  await pullR.bind("tcp://127.0.0.1:*")
  const push = new zmq.Push({ linger: 0, sendHighWaterMark: count + 10 })
  push.connect(pullH.endpoint)
  push.connect(pullR.lastEndpoint!)
  const frames = Array.from({ length: count }, (_, i) => JSON.stringify(["n", i]))
  // Fill both queues first (push alternates between its peers), then time only the receiving side.
  const fill = async () => {
    for (const f of frames) {
      await push.send(f)
      await push.send(f)
    }
  }
  const harness = async () => {
    for (let i = 0; i < count; i++) {
      await pullH.recv()
      if (i % 1000 === 0) sample()
    }
  }
  const bare = async () => {
    for (let i = 0; i < count; i++) JSON.parse((await pullR.receive())[0].toString())
  }
  const as: number[] = []
  const bs: number[] = []
  for (let r = 0; r < rounds; r++) {
    await fill()
    as.push(await time(harness))
    bs.push(await time(bare))
  }
  sample()
  push.close()
  pullR.close()
  await pullH.close()
  const rows = ratioRow(
    `burst: ${count} messages received, transcript on`,
    median(as),
    median(bs),
    1.5,
  )
  const growth = round((peak - rssBefore) / 1024 / 1024)
  rows.push({
    measure: `burst: peak RSS growth over ${rounds} × ${count} messages`,
    ours: growth,
    unit: "MB",
    target: "bounded (≤ 64 MB, the transcript cap)",
    pass: growth <= 64,
  })
  return rows
}

export async function run(): Promise<Row[]> {
  tolerateMonitorCloseBug()
  const rows = [...(await roundTrip()), ...(await lifecycle()), ...(await burst())]
  await closeDetached()
  return rows
}

if (require.main === module) {
  run().then(
    (rows) => {
      for (const r of rows) console.log(r)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
