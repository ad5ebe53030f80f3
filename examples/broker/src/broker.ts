/**
 * A request broker: clients (REQ or DEALER) connect to a ROUTER frontend,
 * workers (REP or DEALER) to a DEALER backend, which spreads requests among
 * them. Replies travel back by the routing envelope.
 *
 *   node -r ts-node/register src/broker.ts [frontend-endpoint] [backend-endpoint]
 *
 * Both default to random ports on 127.0.0.1; it prints
 * `frontend on <endpoint>` and `backend on <endpoint>`. Stops on SIGINT/SIGTERM.
 */
import { Dealer, Router, type Socket } from "zeromq"
import { fromClient, fromWorker, type Route } from "./route"

async function main(): Promise<void> {
  const [front = "tcp://127.0.0.1:*", back = "tcp://127.0.0.1:*"] = process.argv.slice(2)
  const frontend = new Router({ linger: 0 })
  const backend = new Dealer({ linger: 0 })
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
