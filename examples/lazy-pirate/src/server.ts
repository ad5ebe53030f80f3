/**
 * A flaky server for the Lazy Pirate client: a REP socket that answers
 * ["work", seq] with ["done", seq] and ["ping", n] with ["pong", n], and
 * misbehaves on demand, as the zguide's server does at random: with
 * `--slow-every n` it answers requests number n, 2n… only after `--slow-ms` ms
 * (an overloaded server; a resend of the same request, which finds the server
 * free again, is answered at once); with `--work-ms` every request takes
 * that long; with `--crash-at n` it exits on request number n without
 * answering (a crash; exit code 0, so the test that asked for it is not
 * failed by the harness's crash rule).
 *
 *   node -r ts-node/register src/server.ts [endpoint] [--slow-every n --slow-ms ms] [--work-ms ms]
 *     [--crash-at n]
 *
 * Binds the endpoint (default a random port on 127.0.0.1) and prints
 * `listening on <endpoint>`, then `answered <seq>` for each request answered
 * (pings are answered silently). Stops on SIGINT/SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises"
import { Reply } from "zeromq"
import { serverOptions } from "./args"
import { serve } from "./protocol"

async function main(): Promise<void> {
  const options = serverOptions(process.argv.slice(2))
  const rep = new Reply({ linger: 0 })
  // Closing the socket ends the loop below. Installed before the "listening" line.
  const aborted = new AbortController()
  const stop = () => {
    aborted.abort()
    rep.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  await rep.bind(options.endpoint)
  console.log(`listening on ${rep.lastEndpoint}`)

  let lastSlow = 0
  try {
    for await (const [frame] of rep) {
      const served = serve(frame)
      if (served.kind === "work") {
        if (served.seq === options.crashAt) {
          console.log(`crashing at request ${served.seq}`)
          break
        }
        if (
          options.slowEvery > 0 &&
          served.seq % options.slowEvery === 0 &&
          served.seq !== lastSlow
        ) {
          lastSlow = served.seq
          console.log(`slow on request ${served.seq}`)
          await sleep(options.slowMs, undefined, { signal: aborted.signal })
        }
        if (options.workMs > 0) await sleep(options.workMs, undefined, { signal: aborted.signal })
      }
      await rep.send(served.reply)
      if (served.kind === "work") console.log(`answered ${served.seq}`)
    }
  } catch (err) {
    if (!rep.closed) throw err
  }
  rep.close()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
