import { isIP, isIPv4, isIPv6 } from "node:net"
import { EndpointError } from "../errors"

/**
 * The longest ipc path, in bytes: a Unix socket address (`sun_path`) holds 108
 * bytes on Linux and 104 on macOS and the BSDs, the last one a NUL. Past it,
 * libzmq fails the bind with EINVAL, which zeromq.js reports as a bind that
 * timed out ("EAGAIN").
 *
 * @example
 * ```ts
 * const fits = Buffer.byteLength("/tmp/app.sock") <= MAX_IPC_PATH // 107 bytes on Linux
 * ```
 */
export const MAX_IPC_PATH = process.platform === "linux" ? 107 : 103

// tcp://host:port (port a number or *), ipc://path, inproc://name; ws(s) too, since zeromq.js
// may be built with them. The host of tcp may be a name, an IPv4 or a bracketed IPv6 address,
// optionally with a source address ("tcp://src;host:port").
const ENDPOINT =
  /^(?:tcp:\/\/(?:[^;\s]+;)?(?:\[[0-9a-fA-F:.]+\]|[\w.*-]+):(?:\d{1,5}|\*)|(?:ipc|inproc):\/\/\S+|wss?:\/\/\S+|(?:pgm|epgm|udp|tipc|vmci):\/\/\S+)$/

/**
 * Checks an endpoint before zeromq sees it, so that a typo gets an error that
 * shows what is accepted, instead of zeromq's bare EINVAL.
 */
export function checkEndpoint(endpoint: unknown, option: "bind" | "connect"): string {
  if (typeof endpoint !== "string" || !ENDPOINT.test(endpoint)) {
    throw new EndpointError(
      `expected \`${option}\` to be an endpoint such as "tcp://127.0.0.1:5678", "tcp://127.0.0.1:*" ` +
        `(a random port), "ipc:///tmp/name.sock" or "inproc://name", got ${JSON.stringify(endpoint)}. ` +
        "Check the transport prefix and the port.",
    )
  }
  checkIpcPath(endpoint, option)
  checkTcpAddress(endpoint, option)
  const port = /^tcp:\/\/.*:(\d+)$/.exec(endpoint)?.[1]
  if (port !== undefined && Number(port) > 65535) {
    throw new EndpointError(
      `expected a tcp port from 0 to 65535 in \`${option}\`, got ${port} in "${endpoint}". Use ":*" for a random port.`,
    )
  }
  return endpoint
}

/** A list of endpoints from a string, a list, or nothing. */
export function endpointList(
  value: string | readonly string[] | undefined,
  option: "bind" | "connect",
): string[] {
  if (value === undefined) return []
  const list = typeof value === "string" ? [value] : value
  if (!Array.isArray(list)) {
    throw new EndpointError(
      `expected \`${option}\` to be an endpoint string or a list of them, got ${typeof value}.`,
    )
  }
  return list.map((e) => checkEndpoint(e, option))
}

/** An ipc path longer than the OS allows is refused here, with the limit and a way out. */
function checkIpcPath(endpoint: string, option: "bind" | "connect"): void {
  if (!endpoint.startsWith("ipc://")) return
  const path = endpoint.slice("ipc://".length)
  const bytes = Buffer.byteLength(path)
  if (path === "*" || bytes <= MAX_IPC_PATH) return
  throw new EndpointError(
    `expected an ipc path of at most ${MAX_IPC_PATH} bytes in \`${option}\` (the ${process.platform} limit of a ` +
      `Unix socket address), got ${bytes} bytes: "${endpoint}". Use a shorter path, e.g. under os.tmpdir() ` +
      `or relative to the working folder, or "ipc://*" for one the system picks.`,
  )
}

/** The host of a tcp endpoint that looks like an IP address must be a valid one ("tcp://300.1.1.1:5555" is not). */
function checkTcpAddress(endpoint: string, option: "bind" | "connect"): void {
  const match = /^tcp:\/\/(?:([^;]+);)?(.+):(?:\d+|\*)$/.exec(endpoint)
  if (!match) return
  for (const host of [match[1], match[2]]) {
    if (host === undefined) continue
    const bare = host.replace(/:\d+$/, "")
    const problem = badAddress(bare)
    if (problem) {
      throw new EndpointError(
        `expected a valid ${problem} in \`${option}\`, got "${bare}" in "${endpoint}". ` +
          "Check the address (e.g. 127.0.0.1, or [::1] for IPv6), or give a host name.",
      )
    }
  }
}

/** "IPv4 address" or "IPv6 address" when `host` looks like one but is not valid; else undefined. */
function badAddress(host: string): string | undefined {
  if (host.startsWith("[")) {
    const inner = host.slice(1, -1)
    return host.endsWith("]") && (inner === "*" || isIPv6(inner)) ? undefined : "IPv6 address"
  }
  if (/^[\d.]+$/.test(host)) return isIPv4(host) ? undefined : "IPv4 address"
  return isIP(host) === 0 && host.includes(":") ? "IPv6 address (in brackets)" : undefined
}
