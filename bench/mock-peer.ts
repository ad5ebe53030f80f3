// A mock REP peer (peer("rep") with a sinon.match expectation and a fixed reply) answering
// 10,000 requests, against a hand-written zeromq.js REP loop doing the same matching (the
// frames' text and the JSON frame's type) and the same reply. Both serve the same kind of
// client, a raw zeromq.js REQ socket, in the same process.
import * as sinon from "sinon"
import * as zmq from "zeromq"
import { peer } from "../lib"
import { compare, type BenchResult } from "./measure"
import { rawRep, type RawRep } from "./raw-rep"

const COUNT = 10_000

/** The hand-written server: receive, check the frames as the expectation does, reply. */
function rawServer(): Promise<RawRep> {
  return rawRep(([verb, key]) => {
    if (verb?.toString() !== "get" || typeof JSON.parse(String(key)) !== "string")
      throw new Error("unexpected request")
    return ["value", "42"]
  })
}

/** `count` requests from a raw REQ client, each reply checked the same way for both servers. */
async function requests(req: zmq.Request, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await req.send(["get", '"answer"'])
    const [verb, value] = await req.receive()
    if (verb.toString() !== "value" || value.toString() !== "42")
      throw new Error("unexpected reply")
  }
}

export async function run(): Promise<BenchResult> {
  const backend = await peer("rep", { bind: "tcp://127.0.0.1:*", transcript: 1000 })
  backend.on(["get", sinon.match.string]).reply(["value", 42]).persist()
  const raw = await rawServer()
  const toPeer = new zmq.Request({ linger: 0, receiveTimeout: 5000, sendTimeout: 5000 })
  toPeer.connect(backend.endpoint)
  const toRaw = new zmq.Request({ linger: 0, receiveTimeout: 5000, sendTimeout: 5000 })
  toRaw.connect(raw.endpoint)
  try {
    return await compare({
      name: "mock rep peer answering 10,000 requests (sinon.match expectation, fixed reply)",
      operation: "one request answered",
      target: 1.3,
      count: COUNT,
      warmup: 1,
      repeat: 7,
      ours: (count) => requests(toPeer, count),
      raw: (count) => requests(toRaw, count),
    })
  } finally {
    toPeer.close()
    toRaw.close()
    await backend.close()
    await raw.stop()
  }
}

if (require.main === module) {
  run().then(
    (r) =>
      console.log(
        `${r.name}: ${r.oursMicros.toFixed(1)} µs vs raw ${r.rawMicros.toFixed(1)} µs per request: ` +
          `${r.ratio.toFixed(2)}× (paired blocks ${r.ratioSpread.low.toFixed(2)}–${r.ratioSpread.high.toFixed(2)}; CPU ${r.cpuRatio.toFixed(2)}×); target ≤ ${r.target}×`,
      ),
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
