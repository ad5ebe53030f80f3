// One test's lifecycle with bare zeromq.js (bind, connect, round trip, close), N times under
// node:test; run with and without `--import zmq-harness/node-test` by bench/node-test.ts.
import { test } from "node:test"
import { Reply, Request } from "zeromq"
import { lifecycleTests } from "./lifecycle.mjs"

lifecycleTests(test, async () => {
  const rep = new Reply({ linger: 0 })
  await rep.bind("tcp://127.0.0.1:*")
  const req = new Request({ linger: 0 })
  req.connect(rep.lastEndpoint)
  await req.send(JSON.stringify(["ping", 1]))
  const [ping] = await rep.receive()
  await rep.send(ping)
  const [pong] = await req.receive()
  if (String(pong) !== '["ping",1]') throw new Error(`got ${pong}`)
  req.close()
  rep.close()
})
