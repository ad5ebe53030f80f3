// The per-test lifecycle of bench/runners.ts, for Vitest and Jest (CommonJS: Jest loads it
// without a transformer): WARMUP + N tests running `body`, and a last test that prints the time
// per test from the first measured test's start to its own start (so every test's hooks, the
// adapter's close included, are inside): `ZMQH_BENCH {"perTestMicros": …}`. As
// bench/node-test/lifecycle.mjs does for node:test.
const N = Number(process.env.ZMQH_BENCH_TESTS ?? 200)
const WARMUP = 20

function lifecycleTests(test, body) {
  let started = 0
  for (let i = 0; i < WARMUP + N; i++) {
    test(`lifecycle ${i}`, async () => {
      if (i === WARMUP) started = performance.now()
      await body()
    })
  }
  test("measured", () => {
    const perTestMicros = ((performance.now() - started) * 1000) / N
    process.stdout.write(`ZMQH_BENCH ${JSON.stringify({ perTestMicros })}\n`)
  })
}

/** One test's lifecycle with bare zeromq.js: bind, connect, round trip, close. */
async function rawBody() {
  const { Reply, Request } = require("zeromq")
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
}

/** The same lifecycle with zmq-harness sockets, closed by the adapter when the test ends. */
async function harnessBody() {
  const { socket } = require("zmq-harness")
  const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
  const req = await socket("req", { connect: rep.endpoint })
  await req.send(["ping", 1])
  const [ping] = await rep.recv()
  await rep.send(ping)
  const [pong] = await req.recv()
  if (JSON.stringify(pong) !== '["ping",1]') throw new Error(`got ${JSON.stringify(pong)}`)
}

module.exports = { lifecycleTests, rawBody, harnessBody }
