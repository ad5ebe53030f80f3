import { currentScope } from "../runners/mocha/current"
import type { EndOfTestCheck } from "../core/scope"
import { socket, type SocketOptions } from "../socket/create"
import type { TestSocket } from "../socket/test-socket"
import { sendOnly, type SocketType } from "../socket/types"
import { settings } from "../settings"
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
 * The socket's own end-of-test check reads what is queued on the socket: on a peer's socket it
 * would take messages from under the peer's receive loop. The peer reports what it got itself.
 */
function withoutUnreadCheck(sock: TestSocket, scope: ReturnType<typeof currentScope>): void {
  // A socket that cannot receive (push) has none.
  if (sendOnly[sock.type]) {
    scope.handOver(sock)
    return
  }
  const check = (sock as unknown as { unreadCheck?: EndOfTestCheck }).unreadCheck
  // Loud, not silent: a peer whose socket kept its check would lose messages to it.
  if (typeof check !== "function" || !scope.endChecks.delete(check))
    throw new Error(
      "zmq-harness internal error: the test socket under a peer has no end-of-test check to take off (TestSocket.unreadCheck renamed?)",
    )
  // Listed by the peer (its describe() and record()), closed by the peer: no lane of its own.
  scope.handOver(sock)
}

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
  withoutUnreadCheck(sock, scope)
  // A peer can fail its test's waits, as a crashing process can: they must be guarded.
  scope.crashable = true
  const limit = options.transcript === false ? 0 : (options.transcript ?? settings.transcriptLimit)
  const made = new MockPeer(type, sock, scope, site, limit)
  made.start()
  return made
}
