import { EndpointError } from "../errors"

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
