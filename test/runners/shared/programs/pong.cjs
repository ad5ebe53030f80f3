// A pong process: answers ["ping", n] with ["pong", n] on the endpoint it is given.
const { Reply } = require("zeromq")

async function main() {
  const rep = new Reply()
  await rep.bind(process.argv[2])
  console.log(`listening on ${rep.lastEndpoint}`)
  for await (const [frame] of rep) {
    const [, n] = JSON.parse(String(frame))
    await rep.send(JSON.stringify(["pong", n]))
  }
}
main()
