/**
 * A heartbeat monitor, Paranoid Pirate style: a DEALER that pings the server
 * every `--interval` ms and counts the pongs. After `--liveness` intervals in
 * a row without a pong it declares the server silent, and reconnects (a new
 * socket, so a connection that went dead without a word is dropped); when a
 * pong comes again, the server is back. A silent server is noticed within
 * `liveness + 1` intervals of its last pong, even when no TCP error ever
 * tells (a peer frozen, or a network that holds the connection and forwards
 * nothing).
 *
 *   node -r ts-node/register src/heartbeat.ts <endpoint> [--interval 100] [--liveness 3]
 *
 * Prints `monitoring <endpoint>`, `server alive` at the first pong,
 * `server silent for <ms> ms, reconnecting` and `server back after <ms> ms`.
 * Stops on SIGINT/SIGTERM.
 */
import { Dealer } from "zeromq"
import { heartbeatOptions } from "./args"
import { Liveness } from "./liveness"
import { ping, pongNumber } from "./protocol"

function main(): void {
  const { endpoint, interval, liveness: max } = heartbeatOptions(process.argv.slice(2))
  const liveness = new Liveness(max, Date.now())
  let seen = false
  let sent = 0
  let dealer = open()

  function open(): Dealer {
    // sendTimeout 0: a ping that cannot be queued is dropped (it counts as missed), never awaited.
    const socket = new Dealer({ linger: 0, sendTimeout: 0 })
    socket.connect(endpoint)
    void listen(socket)
    return socket
  }

  async function listen(socket: Dealer): Promise<void> {
    try {
      // The REP server answers with its empty delimiter first.
      for await (const [, frame] of socket) {
        if (pongNumber(frame) === undefined) continue
        const back = liveness.heard(Date.now())
        if (!seen) console.log("server alive")
        else if (back !== undefined) console.log(`server back after ${back} ms`)
        seen = true
      }
    } catch (err) {
      if (!socket.closed) throw err
    }
  }

  function beat(): void {
    const now = Date.now()
    const state = liveness.tick(now)
    if (state.kind === "silent") {
      console.log(`server silent for ${state.for} ms, reconnecting`)
      dealer.close()
      dealer = open()
    }
    send()
  }

  function send(): void {
    dealer.send(["", ping(++sent)]).catch(() => {
      // Queue full (nobody reads): this ping is lost, which the missing pong tells.
    })
  }

  const timer = setInterval(beat, interval)
  const stop = () => {
    clearInterval(timer)
    dealer.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  console.log(`monitoring ${endpoint}`)
  send()
}

main()
