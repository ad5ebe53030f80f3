import { UsageError } from "../errors"
import type { ProcessHandle } from "../process/handle"

/**
 * Options of {@link Host.relay}.
 *
 * @example
 * ```ts
 * await net.host("w1").relay({ to: backend.endpoint, port: 5556 })
 * ```
 */
export interface RelayOptions {
  /** Where each connection goes: a TCP endpoint (`tcp://198.18.3.1:41234`, a test socket's or a mock peer's). */
  to: string
  /** The port it listens on at the host's address; default: any free one (read `relay.endpoint`). */
  port?: number
}

/**
 * A relay inside a host: a small process there that listens on the host's address and forwards
 * each TCP connection to `to`. It is how something living in the test's own process (a mock
 * peer, a replay, a fault link, a test socket) takes a place in a host: Node cannot move a
 * socket of its own into another network namespace, so the relay stands there for it. Traffic
 * between other hosts and the relay crosses the bridge as that host's traffic, so partitions,
 * isolation and bandwidth limits apply to it; the relay's own leg to the test is never cut.
 *
 * @example
 * ```ts
 * const backend = await peer("rep", { bind: `tcp://${net.testAddress}:*` })
 * const relay = await net.host("svc").relay({ to: backend.endpoint, port: 5555 })
 * await net.host("app").startProcess("node", ["client.js", relay.endpoint]) // partitions between app and svc cut it
 * ```
 */
export class Relay {
  /** @internal Made by {@link Host.relay}. */
  constructor(
    /** Where programs reach it: `tcp://<host address>:<port>`. */
    readonly endpoint: string,
    /** Where it forwards to. */
    readonly target: string,
    /** The relay process (stopped with the test, like every process). */
    readonly process: ProcessHandle,
  ) {}

  /** Stops the relay: its connections close. The end of the test does it too. */
  async close(): Promise<void> {
    await this.process.close()
  }
}

/**
 * The address and port of a `tcp://address:port` target.
 *
 * @example
 * ```ts
 * relayTarget("tcp://198.18.3.1:41234") // { address: "198.18.3.1", port: 41234 }
 * ```
 */
export function relayTarget(to: unknown): { address: string; port: number } {
  const tcp = typeof to === "string" ? /^tcp:\/\/([\d.]+):(\d{1,5})$/.exec(to) : null
  if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536)
    return { address: tcp[1]!, port: Number(tcp[2]) }
  throw new UsageError(
    `expected the relay's \`to\` to be a TCP endpoint with an IPv4 address and a port, such as "tcp://198.18.3.1:41234", ` +
      `got ${JSON.stringify(to)}. Bind what it forwards to on the topology's testAddress (tcp://\${net.testAddress}:*).`,
  )
}
