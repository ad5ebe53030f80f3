// A request server in the manner of zurl's REQ interface: a request is one
// frame, "J" followed by JSON ({ id, method, uri }); the response is one
// frame, "J" followed by JSON ({ id, code, body }). Binds a REP socket on a
// random port and prints `zurl req <endpoint>`.
const zmq = require("zeromq")

async function main() {
  const rep = new zmq.Reply({ linger: 0 })
  process.once("SIGTERM", () => rep.close())
  await rep.bind("tcp://127.0.0.1:*")
  console.log(`zurl req ${rep.lastEndpoint}`)
  try {
    for await (const [frame] of rep) {
      if (frame[0] !== 0x4a) {
        await rep.send(`J${JSON.stringify({ type: "error", condition: "bad-format" })}`)
        continue
      }
      const request = JSON.parse(frame.subarray(1).toString())
      const response = { id: request.id, code: 200, reason: "OK", body: `${request.method} ${request.uri}` }
      await rep.send(Buffer.concat([Buffer.from("J"), Buffer.from(JSON.stringify(response))]))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
