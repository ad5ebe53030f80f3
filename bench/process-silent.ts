/**
 * Time to failure against a silent peer with a receive timeout T: a harness
 * req socket (with a process under test running, so the crash rule's guard is
 * in play) against a bare zeromq.js Request with receiveTimeout T.
 */
import * as path from "node:path"
import * as zmq from "zeromq"
import { socket, startProcess } from "../lib"
import { closeDetached } from "../lib/core/ownership"
import { median, round, tolerateMonitorCloseBug, type BenchResult } from "./process-result"

const silent = path.join(__dirname, "../test/fixtures/processes/silent.js")
const T = 200

async function harness(endpoint: string): Promise<number> {
  const req = await socket("req", { connect: endpoint, timeout: T })
  await req.send(["ping", 1])
  const started = performance.now()
  await req.recv().catch(() => undefined)
  const took = performance.now() - started
  await req.close()
  return took
}

async function bare(endpoint: string): Promise<number> {
  const req = new zmq.Request({ linger: 0, receiveTimeout: T })
  req.connect(endpoint)
  await req.send(JSON.stringify(["ping", 1]))
  const started = performance.now()
  await req.receive().catch(() => undefined)
  const took = performance.now() - started
  req.close()
  return took
}

export async function run({ runs = 10 } = {}): Promise<BenchResult[]> {
  tolerateMonitorCloseBug()
  const peer = await startProcess("node", [silent], { ready: /listening on (\S+)/ })
  const [, endpoint] = await peer.waitForOutput(/listening on (\S+)/)
  const ours: number[] = []
  const raw: number[] = []
  for (let i = 0; i < runs; i++) {
    ours.push(await harness(endpoint))
    raw.push(await bare(endpoint))
  }
  await peer.stop()
  await closeDetached()
  const value = median(ours)
  return [
    {
      name: `silent peer: time to failure, T = ${T} ms (median)`,
      value: round(value),
      unit: "ms",
      baseline: round(median(raw)),
      target: `≤ T + 20 = ${T + 20} ms`,
      pass: value <= T + 20,
    },
  ]
}
