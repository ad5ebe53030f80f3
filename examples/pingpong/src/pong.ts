/**
 * The pong process: answers ["ping", n] with ["pong", n] on a REP socket.
 *
 *   node -r ts-node/register src/pong.ts [port]
 *
 * Binds 127.0.0.1 on the port given, or on a random one, and prints
 * `listening on <endpoint>`. Stops on ["plzdiekthxbye", null] (no reply) or SIGINT.
 */
import { Reply } from "zeromq"
import { bindEndpoint, decode, handle } from "./logic"

async function main(): Promise<void> {
  const rep = new Reply({ linger: 0 })
  // Closing the socket ends the loop below: a pending receive() rejects.
  // Installed before the "listening" line: a test may send SIGINT as soon as it reads it.
  process.once("SIGINT", () => {
    console.log("interrupted")
    rep.close()
  })
  await rep.bind(bindEndpoint(process.argv.slice(2)))
  console.log(`listening on ${rep.lastEndpoint}`)

  try {
    for await (const [frame] of rep) {
      const decoded = decode(frame)
      const outcome = decoded.ok ? handle(decoded.message) : { reply: decoded.reply, stop: false }
      if (outcome.stop) break
      console.log(`${frame.toString()} -> ${JSON.stringify(outcome.reply)}`)
      await rep.send(JSON.stringify(outcome.reply))
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
  rep.close()
  console.log("stopped")
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
