// A pong process in plain CommonJS: answers ["ping", n] with ["pong", n].
const { Reply } = require("zeromq")

async function main() {
  const rep = new Reply()
  await rep.bind(process.argv[2] ?? "tcp://127.0.0.1:*")
  console.log(`listening on ${rep.lastEndpoint}`)
  for await (const [frame] of rep) {
    const [command, n] = JSON.parse(String(frame))
    await rep.send(JSON.stringify(command === "ping" ? ["pong", n] : ["error", command]))
  }
}

main()
