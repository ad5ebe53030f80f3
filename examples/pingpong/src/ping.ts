/**
 * The ping client: sends N pings to a pong process and prints each reply.
 *
 *   node -r ts-node/register src/ping.ts <endpoint> [count] [--stop] [--timeout <ms>]
 *
 * With --stop it then sends the stop message. Exits 1 when a reply does not
 * come within the timeout (2000 ms by default; zeromq's own receiveTimeout,
 * so the client never hangs).
 */
import { parseArgs } from "node:util"
import { Request } from "zeromq"
import { formatExchange, STOP } from "./logic"

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { stop: { type: "boolean" }, timeout: { type: "string", default: "2000" } },
  })
  const [endpoint, count = "3"] = positionals
  if (!endpoint) throw new Error("usage: ping.ts <endpoint> [count] [--stop] [--timeout <ms>]")
  const timeout = Number(values.timeout)
  const req = new Request({ linger: 0, receiveTimeout: timeout, sendTimeout: timeout })
  req.connect(endpoint)
  console.log(`connecting to ${endpoint}`)
  // zeromq rejects a send or receive that timed out with EAGAIN: say what it means here.
  const bounded = <T>(p: Promise<T>): Promise<T> =>
    p.catch((err: { code?: string }) => {
      throw err.code === "EAGAIN"
        ? new Error(`no reply within ${timeout} ms from ${endpoint}`)
        : err
    })
  const started = performance.now()
  try {
    for (let n = 1; n <= Number(count); n++) {
      const ping = ["ping", n]
      await bounded(req.send(JSON.stringify(ping)))
      const [reply] = await bounded(req.receive())
      console.log(formatExchange(ping, JSON.parse(reply.toString())))
    }
    console.log(`${count} pings answered in ${Math.round(performance.now() - started)} ms`)
    if (values.stop) {
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
  console.error(`ping: ${(err as Error).message}`)
  process.exitCode = 1
})
