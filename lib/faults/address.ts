import { lookup } from "node:dns/promises"
import { isIP, type ListenOptions, type NetConnectOpts } from "node:net"
import { EndpointError } from "../errors"
import { checkEndpoint } from "../socket/endpoint"
import { within } from "../util/timers"

/** How long the check of a target's host name may wait for the resolver. */
const LOOKUP_BOUND_MS = 1000

/** The default `listen` of a link: a random port on the loopback. */
export const DEFAULT_LISTEN = "tcp://127.0.0.1:*"

/** A ZeroMQ endpoint as node:net sees it. */
export interface NetAddress {
  readonly transport: "tcp" | "ipc"
  /** The host (brackets removed) for tcp. */
  readonly host?: string
  /** The port for tcp; 0 for "*". */
  readonly port?: number
  /** The path for ipc. */
  readonly path?: string
}

/**
 * Reads a `target` or `listen` endpoint of a link: checked as every endpoint
 * is (lib/socket/endpoint.ts), then limited to what node:net can carry, tcp
 * and ipc.
 *
 * @example
 * ```ts
 * netAddress("target", "tcp://127.0.0.1:5555") // { transport: "tcp", host: "127.0.0.1", port: 5555 }
 * ```
 */
export function netAddress(option: "target" | "listen", endpoint: unknown): NetAddress {
  const name = `faultyLink({ ${option} })`
  try {
    checkEndpoint(endpoint, "connect")
  } catch (err) {
    if (!(err instanceof EndpointError)) throw err
    throw new EndpointError(err.message.replace("`connect`", `\`${name}\``), { cause: err })
  }
  const text = endpoint as string
  const ipc = /^ipc:\/\/(.+)$/.exec(text)
  if (ipc && ipc[1] !== "*") return { transport: "ipc", path: ipc[1] }
  const tcp = /^tcp:\/\/(?:[^;]+;)?(\[[^\]]+\]|[^:]+):(\d+|\*)$/.exec(text)
  if (tcp) {
    const host = tcp[1].replace(/^\[(.*)\]$/, "$1")
    const port = tcp[2] === "*" ? 0 : Number(tcp[2])
    if (host === "*") {
      // zeromq reads "*" as every interface; node:net would look it up as a host name.
      throw new EndpointError(
        option === "listen"
          ? `expected \`${name}\` to name the address the link listens on, got "${text}" (every interface, ` +
              `as zeromq reads "*"). Give "tcp://127.0.0.1:${tcp[2]}" (the default host), or "tcp://0.0.0.0:${tcp[2]}" for every interface.`
          : `expected \`${name}\` to name the host the target listens on, got "${text}". ` +
              `Give "tcp://127.0.0.1:${tcp[2]}" for an application bound to every interface ("*").`,
      )
    }
    if (option === "target" && port === 0) {
      throw new EndpointError(
        `expected \`${name}\` to name the port the target listens on, got "${text}". ` +
          "Give the endpoint the application bound, e.g. its `.endpoint`, or the port passed on its command line.",
      )
    }
    return { transport: "tcp", host, port }
  }
  throw new EndpointError(
    `expected \`${name}\` to be a tcp:// or ipc:// endpoint (a fault link is a proxy on the network), ` +
      `got "${text}". ` +
      (text.startsWith("ipc://")
        ? 'Give the ipc path, e.g. "ipc:///tmp/link.sock".'
        : "inproc and other transports cannot be proxied: bind the application on tcp or ipc."),
  )
}

/**
 * Refuses a target whose host name does not resolve, at the call: the link would otherwise
 * accept each connection and close it at once, and the test would see a timeout. A resolver
 * that does not answer within a second is given the benefit of the doubt.
 *
 * @example
 * ```ts
 * await checkTargetHost(netAddress("target", "tcp://localhost:5555"), "tcp://localhost:5555")
 * ```
 */
export async function checkTargetHost(address: NetAddress, text: string): Promise<void> {
  const host = address.host
  if (address.transport !== "tcp" || host === undefined || isIP(host) !== 0) return
  const looking = lookup(host)
  try {
    await within(looking, LOOKUP_BOUND_MS, { ref: false })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== "ENOTFOUND") return
    throw new EndpointError(
      `expected \`faultyLink({ target })\` to name a host that resolves, got "${text}" (${code}: ${host}). ` +
        "Give the target's IP address (e.g. 127.0.0.1) or a host name this machine can resolve.",
      { cause: err },
    )
  } finally {
    looking.catch(() => undefined)
  }
}

/** Where to connect to reach `address`. */
export function connectOptions(address: NetAddress): NetConnectOpts {
  return address.transport === "ipc"
    ? { path: address.path! }
    : { host: address.host!, port: address.port! }
}

/** Where to listen for `address`. */
export function listenOptions(address: NetAddress): ListenOptions {
  return address.transport === "ipc"
    ? { path: address.path! }
    : { host: address.host!, port: address.port! }
}

/** The endpoint a listening server can be reached at (tcp with its real port). */
export function endpointOf(address: NetAddress, port: number | undefined): string {
  if (address.transport === "ipc") return `ipc://${address.path}`
  const host = address.host!.includes(":") ? `[${address.host}]` : address.host
  return `tcp://${host}:${port}`
}

/** The endpoint, as given or listened on, for messages. */
export function showAddress(address: NetAddress): string {
  return endpointOf(address, address.port === 0 ? undefined : address.port).replace(
    /:undefined$/,
    ":*",
  )
}
