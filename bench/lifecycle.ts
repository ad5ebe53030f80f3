// (b) One test's lifecycle: bind a REP on :*, connect a REQ, one round trip, close both. Ours
// closes by unbinding and waiting for the listener's close event (so the port is free for the
// next test); raw just closes.
import * as zmq from "zeromq"
import { socket } from "../lib"
import { compare, type BenchResult } from "./measure"

export async function run(): Promise<BenchResult> {
  return compare({
    name: "one test's lifecycle (bind, connect, round trip, close)",
    operation: "one lifecycle",
    target: 1.3,
    count: 100,
    warmup: 2,
    repeat: 11,
    async ours(count) {
      for (let i = 0; i < count; i++) {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        const req = await socket("req", { connect: rep.endpoint })
        await req.send(["ping", i])
        await rep.recv()
        await rep.send(["pong", i])
        await req.recv()
        await req.close()
        await rep.close()
      }
    },
    async raw(count) {
      for (let i = 0; i < count; i++) {
        const rep = new zmq.Reply({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 })
        await rep.bind("tcp://127.0.0.1:*")
        const req = new zmq.Request({ linger: 0, receiveTimeout: 1000, sendTimeout: 1000 })
        req.connect(rep.lastEndpoint!)
        await req.send(JSON.stringify(["ping", i]))
        JSON.parse((await rep.receive())[0].toString())
        await rep.send(JSON.stringify(["pong", i]))
        JSON.parse((await req.receive())[0].toString())
        req.close()
        rep.close()
      }
    },
  })
}
