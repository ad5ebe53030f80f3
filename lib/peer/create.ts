import { currentScope } from "../core/ownership"
import { socket, type SocketOptions } from "../socket/create"
import type { TestSocket } from "../socket/test-socket"
import type { SocketType } from "../socket/types"
import { settings } from "../settings"
import { UsageError } from "../errors"
import { CallSite } from "../util/call-site"
import { MockPeer } from "./mock-peer"

/**
 * Options of {@link peer}: those of `socket(type, options)` (`bind`, `connect`, `timeout`,
 * `json`, `subscribe`, `name`, `transcript`, zeromq options).
 *
 * @example
 * ```ts
 * const options: PeerOptions<"router"> = { bind: "tcp://127.0.0.1:*", name: "broker", timeout: 2000 }
 * ```
 */
export type PeerOptions<T extends SocketType = SocketType> = SocketOptions<T>

/**
 * Makes a mock peer: a socket of `type` that answers by itself, as its expectations say
 * (`peer.on(expected).reply(frames | fn)`), and fails the test that owns it when a message
 * matches none of them, or when the test ends with one unmet. Same matching rules as
 * `receive`. Envelopes are handled for you: a router peer routes each reply back to its
 * sender, a dealer peer keeps a leading empty frame. A `pub` peer runs on an xpub socket, so
 * that `subscribed(topic)` can wait for its subscribers. Closed when the test ends.
 *
 * @param type one of `pair pub sub xpub xsub req rep dealer router push pull`
 * @param options as for `socket()`: endpoints, bounds, JSON frame, zeromq options
 *
 * @example
 * ```ts
 * const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
 * backend.on(["get", sinon.match.string]).reply((frames) => ["value", 42])
 * backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
 * const proc = await startModule("src/worker.ts", ["--backend", backend.endpoint])
 * await backend.done()
 * ```
 */
export async function peer<T extends SocketType>(
  type: T,
  options: PeerOptions<T> = {} as PeerOptions<T>,
): Promise<MockPeer> {
  const site = new CallSite(peer)
  const scope = currentScope()
  let sock: TestSocket
  try {
    // A publisher that sees its subscribers: subscribed(topic) before publish().
    const underlying = (type === "pub" ? "xpub" : type) as T
    sock = await socket(underlying, options)
  } catch (err) {
    throw site.apply(err as Error)
  }
  if (sock.endpoints.length === 0) {
    await sock.close()
    throw site.apply(
      new UsageError(
        `expected peer("${type}") to get \`bind\` (the process under test connects to it) or \`connect\` (the process binds), ` +
          `got neither: a peer with no endpoint never sees a message. E.g. peer("${type}", { bind: "tcp://127.0.0.1:*" }).`,
      ),
    )
  }
  // The peer's loop receives on the socket, and reports what it got itself; the peer lists the
  // socket (its describe() and record()) and closes it.
  sock.handOverReceiving()
  scope.remove(sock)
  // A peer can fail its test's waits, as a crashing process can: they must be guarded.
  scope.crashable = true
  const limit = options.transcript === false ? 0 : (options.transcript ?? settings.transcriptLimit)
  const made = new MockPeer(type, sock, scope, site, limit)
  made.start()
  return made
}
