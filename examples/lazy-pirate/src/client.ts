/**
 * The Lazy Pirate client (zguide, chapter 4): reliable request-reply over a
 * plain REQ socket. It sends ["work", seq], waits `--timeout` ms for
 * ["done", seq]; when nothing comes, it closes the socket, opens a new one and
 * resends, up to `--retries` times; then it declares the server gone, and
 * exits 1 (or, with `--persist`, goes on with the next request). A reply that
 * carries another number (late, or a duplicate) is not the one it waits for:
 * it is ignored, and the request resent on a new socket.
 *
 *   node -r ts-node/register src/client.ts <endpoint> [--requests 10]
 *     [--timeout 250] [--retries 3] [--interval 0] [--persist]
 *
 * Prints one line per event, each naming its request: `request 3: ok (attempt 1)`,
 * `request 3: no reply within 250 ms, reconnecting (attempt 2 of 4)`,
 * `request 3: ignored a reply to request 2, reconnecting (attempt 2 of 4)`,
 * `request 3: server gone, no reply to 4 attempts`; at the end
 * `done: 9 ok, 1 abandoned`. Stops on SIGINT/SIGTERM.
 */
import { setTimeout as sleep } from "node:timers/promises"
import { Request } from "zeromq"
import { clientOptions } from "./args"
import { checkReply, request } from "./protocol"
import { afterFailure } from "./retry"

type Outcome = { kind: "reply"; frame: Buffer } | { kind: "timeout" } | { kind: "closed" }

async function main(): Promise<void> {
  const options = clientOptions(process.argv.slice(2))
  const { endpoint, timeout, retries } = options
  let stopped = false
  let req = open()
  const stop = () => {
    stopped = true
    req.close()
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)

  function open(): Request {
    // The socket's own timeouts bound every wait: no timer races a pending receive.
    const socket = new Request({ linger: 0, receiveTimeout: timeout, sendTimeout: timeout })
    socket.connect(endpoint)
    return socket
  }

  function reopen(): void {
    req.close()
    req = open()
  }

  async function attempt(seq: number): Promise<Outcome> {
    try {
      await req.send(request(seq))
      const [frame] = await req.receive()
      return { kind: "reply", frame }
    } catch (err) {
      if (stopped) return { kind: "closed" }
      if ((err as { code?: string }).code === "EAGAIN") return { kind: "timeout" }
      throw err
    }
  }

  console.log(`connecting to ${endpoint}`)
  let ok = 0
  let abandoned = 0
  for (let seq = 1; options.requests === 0 || seq <= options.requests; seq++) {
    let tries = 1
    for (;;) {
      const outcome = await attempt(seq)
      if (outcome.kind === "closed") return
      let why: string
      if (outcome.kind === "reply") {
        const check = checkReply(outcome.frame, seq)
        if (check.kind === "ok") {
          console.log(`request ${seq}: ok (attempt ${tries})`)
          ok++
          break
        }
        // REQ may not receive twice in a row: the reply it waits for can only come on a new socket.
        why =
          check.kind === "stale"
            ? `ignored a reply to request ${check.seq}`
            : `ignored a malformed reply ${JSON.stringify(check.text)}`
      } else {
        why = `no reply within ${timeout} ms`
      }
      const next = afterFailure(tries, retries)
      if (next.kind === "give-up") {
        console.log(`request ${seq}: ${why}; server gone, no reply to ${next.attempts} attempts`)
        abandoned++
        if (!options.persist) {
          req.close()
          process.exitCode = 1
          return
        }
        reopen() // the next request starts on a fresh socket too
        break
      }
      console.log(`request ${seq}: ${why}, reconnecting (attempt ${next.attempt} of ${next.of})`)
      reopen()
      tries = next.attempt
    }
    if (options.interval > 0) await sleep(options.interval)
    if (stopped) return
  }
  req.close()
  console.log(`done: ${ok} ok, ${abandoned} abandoned`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
