/**
 * The parent process: binds a PAIR socket on a random port, starts a
 * PongWorker with that port, pings it `count` times (argv[2], default 3),
 * prints the replies, stops the worker and waits for it.
 *
 *   node -r ts-node/register src/parent.ts [count]
 */
import { Pair } from "zeromq"
import { formatExchange, STOP } from "./logic"
import { PongWorker } from "./worker"

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 3)
  const pair = new Pair({ linger: 1000, receiveTimeout: 5000 })
  await pair.bind("tcp://127.0.0.1:*")
  const port = Number(new URL(pair.lastEndpoint!).port)
  const worker = new PongWorker(port)
  worker.start()
  for (let n = 1; n <= count; n++) {
    const ping = ["ping", n]
    await pair.send(JSON.stringify(ping))
    const [reply] = await pair.receive()
    console.log(formatExchange(ping, JSON.parse(reply.toString())))
  }
  await pair.send(JSON.stringify(STOP))
  await worker.join()
  pair.close()
  console.log("worker stopped")
}

main().catch((err: unknown) => {
  console.error(`parent: ${(err as Error).message}`)
  process.exitCode = 1
})
