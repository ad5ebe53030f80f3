/**
 * The real backend: a REP server that answers a quote request
 * `{"id": "<uuid>", "symbol": "ACME"}` with `{"id": <the same>, "symbol", "price", "at": <time>}`.
 * Prices come from a fixed table so that a recording is the same every time.
 *
 *   node -r ts-node/register src/quote-server.ts [endpoint]
 *
 * Prints `quotes on <endpoint>`; stops on SIGINT/SIGTERM.
 */
import { Reply } from "zeromq"

const PRICES: Record<string, number> = { ACME: 101.25, GLOBEX: 42.5, INITECH: 7.75 }

async function main(): Promise<void> {
  const sock = new Reply({ linger: 0 })
  const stop = () => sock.close()
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  await sock.bind(process.argv[2] ?? "tcp://127.0.0.1:*")
  console.log(`quotes on ${sock.lastEndpoint}`)
  try {
    for await (const [frame] of sock) {
      const { id, symbol } = JSON.parse(frame.toString()) as { id: string; symbol: string }
      const price = PRICES[symbol] ?? null
      await sock.send(JSON.stringify({ id, symbol, price, at: new Date().toISOString() }))
    }
  } catch (err) {
    if (!sock.closed) throw err
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
