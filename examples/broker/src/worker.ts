/**
 * A worker for the broker's heartbeat mode: a DEALER that says READY, sends
 * a heartbeat every interval (so the broker knows it is alive), and answers
 * ["job", n] with ["done", n, <its name>] — the name tells a test which
 * worker did the job. Its routing id is its name: after a reconnection the
 * broker knows it again.
 *
 *   node -r ts-node/register src/worker.ts <backend-endpoint> [--name w1] [--heartbeat 100]
 *
 * Prints `worker <name> connecting to <endpoint>`, then `<name> did job <n>`, and
 * `<name> disconnected from <endpoint>` when its connection is lost.
 * Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util"
import { Dealer } from "zeromq"
import { HEARTBEAT, READY } from "./queue"
import { splitEnvelope } from "./route"

function answer(body: Buffer | undefined, name: string): { reply: unknown; job?: number } {
  let message: unknown
  try {
    message = JSON.parse(String(body))
  } catch {
    message = undefined
  }
  if (Array.isArray(message) && message[0] === "job" && Number.isInteger(message[1])) {
    return { reply: ["done", message[1], name], job: message[1] as number }
  }
  return { reply: ["error", `expected ["job", <integer>], got ${String(body)}`] }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: "string" }, heartbeat: { type: "string" } },
  })
  const [endpoint] = positionals
  const name = values.name ?? `w${process.pid}`
  const interval = Number(values.heartbeat ?? 100)
  if (!endpoint || !(Number.isInteger(interval) && interval > 0)) {
    throw new Error("usage: worker.ts <backend-endpoint> [--name w1] [--heartbeat <ms, > 0>]")
  }
  // sendTimeout 0: a heartbeat that cannot be queued is dropped, never awaited.
  const dealer = new Dealer({ linger: 0, routingId: name, sendTimeout: 0 })
  const beat = (frame: string) => dealer.send(frame).catch(() => undefined)
  const timer = setInterval(() => void beat(HEARTBEAT), interval)
  const stop = () => {
    clearInterval(timer)
    dealer.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  // Said for people (and tests) watching the network: a reset connection shows here at once;
  // a silent loss does not (only the broker's heartbeat bookkeeping notices it).
  dealer.events.on("disconnect", () => console.log(`${name} disconnected from ${endpoint}`))
  dealer.connect(endpoint)
  console.log(`worker ${name} connecting to ${endpoint}`)
  void beat(READY)

  try {
    for await (const frames of dealer) {
      if (frames.length === 1) continue // the broker's heartbeat: ZeroMQ reconnects by itself
      const { envelope, body } = splitEnvelope(frames)
      const { reply, job } = answer(body[0], name)
      await dealer.send([...envelope, JSON.stringify(reply)]).catch(() => undefined)
      if (job !== undefined) console.log(`${name} did job ${job}`)
    }
  } catch (err) {
    if (!dealer.closed) throw err
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
