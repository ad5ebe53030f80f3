/**
 * The pong worker process started by PongWorker: connects a PAIR socket to
 * the parent's port (argv[2]) and answers with the same logic as pong.ts.
 */
import { Pair } from "zeromq"
import { decode, handle } from "./logic"

async function main(): Promise<void> {
  const pair = new Pair({ linger: 1000 })
  pair.connect(`tcp://127.0.0.1:${process.argv[2]}`)
  for await (const [frame] of pair) {
    const decoded = decode(frame)
    const outcome = decoded.ok ? handle(decoded.message) : { reply: decoded.reply, stop: false }
    if (outcome.stop) break
    await pair.send(JSON.stringify(outcome.reply))
  }
  pair.close()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
