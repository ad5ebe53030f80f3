// (a) A request/reply round trip with a JSON body and a deep-equal check: `send` +
// `await expect(req).to.receive(…)` against raw send / receive / JSON.parse / deep equal.
import * as chai from "chai"
import * as zmq from "zeromq"
import { socket, zmqHarnessChai } from "../lib"
import { compare, type BenchResult } from "./measure"
import { rawRep, type RawRep } from "./raw-rep"
import { rawRoundTrips } from "./raw-round-trips"

const BODY = { op: "ping", seq: 1, args: ["a", "b", { deep: [1, 2, 3] }], ok: true }
const REPLY = { op: "pong", seq: 1, result: { items: [1, 2, 3], note: "fine" } }

/** An echo-like server in the same process, shared by both clients, so both pay the same. */
function server(): Promise<RawRep> {
  const reply = JSON.stringify(REPLY)
  return rawRep(([request]) => {
    JSON.parse(request!.toString())
    return reply
  })
}

export async function run(): Promise<BenchResult> {
  chai.use(zmqHarnessChai)
  const { expect } = chai
  const srv = await server()
  const ours = await socket("req", { connect: srv.endpoint })
  const raw = new zmq.Request({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 })
  raw.connect(srv.endpoint)
  try {
    return await compare({
      name: "req/rep round trip (JSON body, deep-equal check)",
      operation: "one round trip",
      target: 1.2,
      count: 2000,
      warmup: 2,
      repeat: 15,
      async ours(count) {
        for (let i = 0; i < count; i++) {
          await ours.send(BODY)
          await expect(ours).to.receive([REPLY])
        }
      },
      async raw(count) {
        await rawRoundTrips(raw, count, BODY, REPLY)
      },
    })
  } finally {
    raw.close()
    await ours.close()
    await srv.stop()
  }
}
