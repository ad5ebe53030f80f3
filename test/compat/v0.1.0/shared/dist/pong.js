// The compiled pong program that docs/processes.md and docs/system-tests.md of
// v0.1.0 start as `dist/pong.js` (the guides did not show it): answers
// ["ping", n] with ["pong", n] on a REP socket.
//
//   node dist/pong.js [--port N | --bind <endpoint> | <endpoint>]
//
// Prints `listening on <endpoint>` once bound. Stops on ["plzdiekthxbye", null]
// (no reply), SIGINT or SIGTERM, and exits 0.
const zmq = require("zeromq")

function endpointOf(argv) {
  const at = (flag) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined)
  if (at("--port")) return `tcp://127.0.0.1:${at("--port")}`
  return at("--bind") ?? argv.find((a) => !a.startsWith("--")) ?? "tcp://127.0.0.1:*"
}

async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  const stop = () => rep.close()
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  await rep.bind(endpointOf(process.argv.slice(2)))
  console.log(`listening on ${rep.lastEndpoint}`)
  try {
    for await (const [frame] of rep) {
      const [verb, n] = JSON.parse(frame.toString())
      if (verb === "plzdiekthxbye") break
      await rep.send(JSON.stringify(verb === "ping" ? ["pong", n] : ["error", `unknown verb ${verb}`]))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
  rep.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
