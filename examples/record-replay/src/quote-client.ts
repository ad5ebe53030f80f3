/**
 * The process under test: asks a quote server for each symbol given and
 * prints `SYMBOL price`. Each request carries a fresh id, and a reply whose
 * id is not the request's is refused, as a careful client does.
 *
 *   node -r ts-node/register src/quote-client.ts <server-endpoint> SYMBOL...
 */
import { randomUUID } from "node:crypto"
import { Request } from "zeromq"

async function main(): Promise<void> {
  const [endpoint, ...symbols] = process.argv.slice(2)
  const sock = new Request({ linger: 0, receiveTimeout: 5000 })
  sock.connect(endpoint)
  for (const symbol of symbols) {
    const id = randomUUID()
    await sock.send(JSON.stringify({ id, symbol }))
    const [frame] = await sock.receive()
    const reply = JSON.parse(frame.toString()) as { id: string; price: number | null }
    if (reply.id !== id) throw new Error(`reply to ${reply.id}, expected ${id}`)
    console.log(`${symbol} ${reply.price ?? "unknown"}`)
  }
  sock.close()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
