/**
 * The ping client: sends N pings to a pong process and prints each reply.
 *
 *   node -r ts-node/register src/ping.ts <endpoint> [count] [--stop]
 *
 * With --stop it then sends the stop message. Exits 1 when a reply does not
 * come within 2 s (zeromq's own receiveTimeout: no hanging client).
 */
import { Request } from "zeromq"
import { formatExchange, STOP } from "./logic"

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => a !== "--stop")
  const [endpoint, count = "3"] = args
  if (!endpoint) throw new Error("usage: ping.ts <endpoint> [count] [--stop]")
  const req = new Request({ linger: 0, receiveTimeout: 2000, sendTimeout: 2000 })
  req.connect(endpoint)
  console.log(`connecting to ${endpoint}`)
  const started = performance.now()
  try {
    for (let n = 1; n <= Number(count); n++) {
      const ping = ["ping", n]
      await req.send(JSON.stringify(ping))
      const [reply] = await req.receive()
      console.log(formatExchange(ping, JSON.parse(reply.toString())))
    }
    console.log(`${count} pings answered in ${Math.round(performance.now() - started)} ms`)
    if (process.argv.includes("--stop")) {
      // Linger long enough for the stop message to leave before the socket closes.
      req.linger = 1000
      await req.send(JSON.stringify(STOP))
      console.log("sent stop")
    }
  } finally {
    req.close()
  }
}

main().catch((err: unknown) => {
  const timedOut = (err as { code?: string }).code === "EAGAIN"
  console.error(
    timedOut
      ? `ping: no reply within 2000 ms from ${process.argv[2]}`
      : `ping: ${(err as Error).message}`,
  )
  process.exitCode = 1
})
