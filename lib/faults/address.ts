import type { ListenOptions, NetConnectOpts } from "node:net"
import { EndpointError } from "../errors"
import { checkEndpoint } from "../socket/endpoint"

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
