/**
 * A price server: a REP socket that answers `["price", symbol]` with `["quote", symbol, cents]`.
 * It has a bug on purpose: a symbol it does not know crashes it, instead of an error reply.
 *
 *   node -r ts-node/register src/prices.ts [endpoint]
 *
 * Prints `listening on <endpoint>` once bound (default: a random port on 127.0.0.1).
 */
import { Reply } from "zeromq"
import { quote } from "./quote"

async function main(): Promise<void> {
  const rep = new Reply({ linger: 0 })
  process.once("SIGTERM", () => rep.close())
  await rep.bind(process.argv[2] ?? "tcp://127.0.0.1:*")
  console.log(`listening on ${rep.lastEndpoint}`)
  for await (const [frame] of rep) {
    const [command, symbol] = JSON.parse(String(frame)) as [string, string]
    console.log(`${command} ${symbol}`)
    await rep.send(JSON.stringify(quote(command, symbol)))
  }
}

void main()
