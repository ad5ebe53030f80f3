import * as zmq from "zeromq"
const endpoint = process.argv[2] ?? "tcp://127.0.0.1:*"
async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  await rep.bind(endpoint)
  console.log(`listening on ${rep.lastEndpoint}`)
  process.on("SIGINT", () => {
    rep.close()
    process.exit(0)
  })
  for await (const [msg] of rep) {
    const [cmd, n] = JSON.parse(msg.toString())
    if (cmd === "stop") {
      await rep.send(JSON.stringify(["bye", null]))
      rep.close()
      break
    }
    if (cmd === "crash") process.exit(3)
    await rep.send(JSON.stringify(["pong", n]))
  }
}
main()
