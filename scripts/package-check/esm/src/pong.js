// A pong process as an ES module ("type": "module").
import { Reply } from "zeromq"

const rep = new Reply()
await rep.bind(process.argv[2] ?? "tcp://127.0.0.1:*")
console.log(`listening on ${rep.lastEndpoint}`)
for await (const [frame] of rep) {
  const [command, n] = JSON.parse(String(frame))
  await rep.send(JSON.stringify(command === "ping" ? ["pong", n] : ["error", command]))
}
