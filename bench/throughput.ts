// (c) 10,000 messages received through a test socket with its transcript on, against raw
// receive + JSON.parse; memory is sampled while receiving and its peak reported.
import * as zmq from "zeromq"
import { socket, type TestSocket } from "../lib"
import { compare, type BenchResult } from "./measure"

const COUNT = 10000
// Unbounded queues: the whole batch is queued at the receiver before receiving is timed.
const SEND_QUEUE = { sendHighWaterMark: 0 }
const RECEIVE_QUEUE = { receiveHighWaterMark: 0 }
const BODY = JSON.stringify({ n: 1, text: "a message of modest size", list: [1, 2, 3] })

interface Peak {
  /** Highest heap in use while receiving, above what was in use when the batch started. */
  heapGrowthMiB: number
  /** Highest resident set size of the process while receiving (ts-node's compiler included). */
  rssMiB: number
}

/** Samples memory while a batch is received; `start()` notes the heap in use before it. */
function sampler(): { start(): void; sample(): void; peak: Peak } {
  const peak = { heapGrowthMiB: 0, rssMiB: 0 }
  const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10
  let base = 0
  return {
    peak,
    start() {
      base = process.memoryUsage().heapUsed
    },
    sample() {
      const m = process.memoryUsage()
      peak.heapGrowthMiB = Math.max(peak.heapGrowthMiB, mib(m.heapUsed - base))
      peak.rssMiB = Math.max(peak.rssMiB, mib(m.rss))
    },
  }
}

/** Sends `count` messages, then one more read first to know they have all been queued. */
async function fill(push: zmq.Push, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await push.send(BODY)
}

async function pushTo(): Promise<zmq.Push> {
  const push = new zmq.Push({ linger: 0, ...SEND_QUEUE })
  await push.bind("tcp://127.0.0.1:*")
  return push
}

export async function run(): Promise<BenchResult> {
  const pushOurs = await pushTo()
  const pushRaw = await pushTo()
  const ours: TestSocket = await socket("pull", {
    connect: pushOurs.lastEndpoint!,
    ...RECEIVE_QUEUE,
  })
  const raw = new zmq.Pull({ linger: 0, receiveTimeout: 1000, ...RECEIVE_QUEUE })
  raw.connect(pushRaw.lastEndpoint!)
  await ours.connected()
  const oursMemory = sampler()
  const rawMemory = sampler()
  try {
    const result = await compare({
      name: "10,000 messages received (transcript on)",
      operation: "one message",
      target: 1.5,
      count: COUNT,
      warmup: 1,
      repeat: 9,
      async ours(count) {
        await fill(pushOurs, count)
        oursMemory.start()
        const started = performance.now()
        for (let i = 0; i < count; i++) {
          await ours.recv()
          if (i % 500 === 0) oursMemory.sample()
        }
        return performance.now() - started
      },
      async raw(count) {
        await fill(pushRaw, count)
        rawMemory.start()
        const started = performance.now()
        for (let i = 0; i < count; i++) {
          JSON.parse((await raw.receive())[0].toString())
          if (i % 500 === 0) rawMemory.sample()
        }
        return performance.now() - started
      },
    })
    result.extra = {
      transcriptEntriesKept: ours.transcript.length,
      transcriptDropped: ours.transcript.dropped,
      peakOurs: oursMemory.peak,
      peakRaw: rawMemory.peak,
    }
    return result
  } finally {
    raw.close()
    await ours.close()
    pushOurs.close()
    pushRaw.close()
  }
}
