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
 * The endpoint meant by a short form (`"*"`, `":*"`, `"tcp://*"`, `"5555"`, `"127.0.0.1:5555"`),
 * as a "Perhaps you meant …?" sentence; else the general advice.
 *
 * @example
 * ```ts
 * meantEndpointHint("*") // 'A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:*"?'
 * ```
 */
export function meantEndpointHint(endpoint: unknown): string {
  if (typeof endpoint === "string") {
    const text = endpoint.trim()
    const port = /^(?:tcp:\/\/)?(?:\*)?:?(\*|\d{1,5})$/.exec(text)
    if (port)
      return `A port alone is not an endpoint: perhaps you meant "tcp://127.0.0.1:${port[1]}"?`
    if (/^(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):(?:\d{1,5}|\*)$/.test(text))
      return `An endpoint starts with its transport: perhaps you meant "tcp://${text}"?`
  }
  return "Check the transport prefix and the port."
}

/**
 * The option an endpoint came in, as errors name it: `bind` and `connect` of sockets and peers,
 * or a call and its option such as `record({ listen })`.
 */
export type EndpointOptionName = "bind" | "connect" | `${string}({ ${string} })`

/**
 * Checks an endpoint before zeromq sees it, so that a typo gets an error that
 * shows what is accepted, instead of zeromq's bare EINVAL.
 */
export function checkEndpoint(endpoint: unknown, option: EndpointOptionName): string {
  if (typeof endpoint !== "string" || !ENDPOINT.test(endpoint)) {
    throw new EndpointError(
      `expected \`${option}\` to be an endpoint such as "tcp://127.0.0.1:5678", "tcp://127.0.0.1:*" ` +
        `(a random port), "ipc:///tmp/name.sock" or "inproc://name", got ${JSON.stringify(endpoint)}. ` +
        meantEndpointHint(endpoint),
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
  return list.map((e) => {
    checkEndpoint(e, option)
    return option === "connect" ? checkConnectable(e, "`connect`") : e
  })
}

/**
 * Why `endpoint` (already checked by {@link checkEndpoint}) names no place to connect to, or
 * undefined when it names one: a wildcard port, host or ipc path is for a bind, where the
 * system picks, and port 0 is no port.
 */
function unconnectable(endpoint: string): string | undefined {
  if (endpoint === "ipc://*") return "an ipc path that only a bind can take (the system picks it)"
  const tcp = /^(?:tcp|wss?):\/\/(?:[^;/]+;)?(\[[^\]]*\]|[^:/]+):(\d+|\*)(?:\/|$)/.exec(endpoint)
  if (!tcp) return undefined
  const [, host, port] = tcp
  if (port === "*") return "a port that only a bind can take (the system picks it)"
  if (host === "*" || host === "[*]") return "a host that only a bind can take (every interface)"
  if (Number(port) === 0) return "port 0, where nothing listens"
  return undefined
}

/**
 * Refuses an endpoint that names no place to connect to (`tcp://127.0.0.1:*`,
 * `tcp://*:5555`, port 0, `ipc://*`): zeromq would take some of them and try
 * for ever, and a test would see only a timeout. `what` names the option
 * (`` `connect` ``), `fix` says where the right endpoint comes from.
 *
 * @example
 * ```ts
 * checkConnectable("tcp://127.0.0.1:5555", "`connect`") // "tcp://127.0.0.1:5555"
 * checkConnectable("tcp://127.0.0.1:*", "`connect`") // throws EndpointError
 * ```
 */
export function checkConnectable(
  endpoint: string,
  what: string,
  fix = 'Connect to the endpoint the other side bound: its `.endpoint` (a zeromq socket\'s `lastEndpoint`), e.g. "tcp://127.0.0.1:5555".',
): string {
  const reason = unconnectable(endpoint)
  if (reason === undefined) return endpoint
  throw new EndpointError(
    `expected ${what} to be an endpoint to connect to, got "${endpoint}", ${reason}. ${fix}`,
  )
}

/** An ipc path longer than the OS allows is refused here, with the limit and a way out. */
function checkIpcPath(endpoint: string, option: EndpointOptionName): void {
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
function checkTcpAddress(endpoint: string, option: EndpointOptionName): void {
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
