// The ping client that docs/getting-started.md's system test (v0.1.0) runs as
// src/ping.ts: three pings to the endpoint given, each exchange printed
// (examples/pingpong/src/ping.ts of v0.1.0, without its options).
import { Request } from "zeromq"

async function main() {
  const endpoint = process.argv[2]!
  const req = new Request({ linger: 0, receiveTimeout: 2000 })
  req.connect(endpoint)
  console.log(`connecting to ${endpoint}`)
  const started = performance.now()
  for (let n = 1; n <= 3; n++) {
    await req.send(JSON.stringify(["ping", n]))
    const [reply] = await req.receive()
    console.log(`${JSON.stringify(["ping", n])} -> ${reply!.toString()}`)
  }
  console.log(`3 pings answered in ${Math.round(performance.now() - started)} ms`)
  req.close()
}

main()
