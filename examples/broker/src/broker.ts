/**
 * A request broker: clients (REQ or DEALER) connect to a ROUTER frontend,
 * workers (REP or DEALER) to a DEALER backend, which spreads requests among
 * them. Replies travel back by the routing envelope.
 *
 *   node -r ts-node/register src/broker.ts [frontend-endpoint] [backend-endpoint]
 *     [--heartbeat <ms> [--liveness 3]]
 *
 * Both default to random ports on 127.0.0.1; it prints
 * `frontend on <endpoint>` and `backend on <endpoint>`. Stops on SIGINT/SIGTERM.
 *
 * A DEALER backend spreads requests over every connected worker, even one
 * that stopped answering without closing its connection. With `--heartbeat`
 * the broker is a Paranoid Pirate queue instead (./queue.ts): workers
 * (./worker.ts) say when they are ready and send heartbeats, and one that
 * falls silent is taken out of rotation until it speaks again.
 */
import { parseArgs } from "node:util"
import { Dealer, Router, type Socket } from "zeromq"
import { runQueue } from "./queue"
import { fromClient, fromWorker, type Route } from "./route"

function options(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { heartbeat: { type: "string" }, liveness: { type: "string" } },
  })
  const heartbeat = Number(values.heartbeat ?? 0)
  const liveness = Number(values.liveness ?? 3)
  if (
    !Number.isInteger(heartbeat) ||
    heartbeat < 0 ||
    !Number.isInteger(liveness) ||
    liveness < 1
  ) {
    throw new Error(
      "usage: broker.ts [frontend] [backend] [--heartbeat <ms> [--liveness <n >= 1>]]",
    )
  }
  const [front = "tcp://127.0.0.1:*", back = "tcp://127.0.0.1:*"] = positionals
  return { front, back, heartbeat, liveness }
}

async function main(): Promise<void> {
  const { front, back, heartbeat, liveness } = options(process.argv.slice(2))
  const frontend = new Router({ linger: 0 })
  // handover: a worker that reconnects under its routing id replaces its old connection.
  const backend = heartbeat ? new Router({ linger: 0, handover: true }) : new Dealer({ linger: 0 })
  // Signal handlers first: a test may stop the broker as soon as it reads the lines below.
  const stop = () => {
    frontend.close()
    backend.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  await frontend.bind(front)
  await backend.bind(back)
  console.log(`frontend on ${frontend.lastEndpoint}`)
  console.log(`backend on ${backend.lastEndpoint}`)

  if (backend instanceof Router) {
    await runQueue(frontend, backend, { heartbeat, liveness })
    console.log("stopped")
    return
  }
  const sockets = { frontend, backend }
  async function pump(from: Socket & AsyncIterable<Buffer[]>, route: (frames: Buffer[]) => Route) {
    try {
      for await (const frames of from) {
        const { to, frames: out } = route(frames)
        await sockets[to].send(out)
      }
    } catch (err) {
      if (!frontend.closed && !backend.closed) throw err
    }
  }
  await Promise.all([pump(frontend, fromClient), pump(backend, fromWorker)])
  console.log("stopped")
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
