// The same lifecycle with zmq-harness sockets, closed by the adapter when each test ends.
import { test } from "node:test"
import { socket } from "zmq-harness"
import { lifecycleTests } from "./lifecycle.mjs"

lifecycleTests(test, async () => {
  const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
  const req = await socket("req", { connect: rep.endpoint })
  await req.send(["ping", 1])
  const [ping] = await rep.recv()
  await rep.send(ping)
  const [pong] = await req.recv()
  if (JSON.stringify(pong) !== '["ping",1]') throw new Error(`got ${JSON.stringify(pong)}`)
})
