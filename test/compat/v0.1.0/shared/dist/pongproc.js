// The program of docs/system-tests.md's first example (v0.1.0), run there as
// `node dist/pongproc.js`: a pong service and a client in one process; prints
// each exchange, then "done", and exits 0 with nothing on stderr.
const zmq = require("zeromq")

async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  await rep.bind("tcp://127.0.0.1:*")
  const serving = (async () => {
    for await (const [frame] of rep) {
      const [, n] = JSON.parse(frame.toString())
      await rep.send(JSON.stringify(["pong", n]))
    }
  })().catch(() => undefined)
  const req = new zmq.Request({ linger: 0, receiveTimeout: 2000 })
  req.connect(rep.lastEndpoint)
  for (let n = 1; n <= 3; n++) {
    await req.send(JSON.stringify(["ping", n]))
    const [reply] = await req.receive()
    console.log(`ping ${n} -> ${reply.toString()}`)
  }
  console.log("done")
  req.close()
  rep.close()
  await serving
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
