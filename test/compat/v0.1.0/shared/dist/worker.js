// The worker that dist/front.js starts: a REP socket on a random port, whose
// endpoint it sends to its parent over IPC; answers ["ping", n] with ["pong", n].
const zmq = require("zeromq")

async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  process.once("SIGTERM", () => rep.close())
  await rep.bind("tcp://127.0.0.1:*")
  process.send(rep.lastEndpoint)
  try {
    for await (const [frame] of rep) {
      const [, n] = JSON.parse(frame.toString())
      await rep.send(JSON.stringify(["pong", n]))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
  process.disconnect()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
