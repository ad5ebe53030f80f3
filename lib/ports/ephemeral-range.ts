import { readFileSync } from "node:fs"

/**
 * A range of TCP ports, both ends included.
 *
 * @example
 * ```ts
 * const range: PortRange = { low: 32768, high: 60999 }
 * ```
 */
export interface PortRange {
  low: number
  high: number
}

/**
 * Where the kernel takes the port of a `bind(…:0)` (zeromq's `tcp://…:*`) and
 * of an outgoing connection. Linux says it in
 * /proc/sys/net/ipv4/ip_local_port_range (default 32768–60999); elsewhere
 * the IANA dynamic range (49152–65535) is assumed, which BSDs, macOS and
 * Windows use by default.
 *
 * @example
 * ```ts
 * ephemeralRange() // { low: 32768, high: 60999 } on a default Linux
 * ```
 */
export function ephemeralRange(file = "/proc/sys/net/ipv4/ip_local_port_range"): PortRange {
  try {
    const [low, high] = readFileSync(file, "utf8").trim().split(/\s+/).map(Number)
    if (Number.isInteger(low) && Number.isInteger(high) && low <= high) return { low, high }
  } catch {
    // No such file: not Linux, or /proc is not mounted.
  }
  return { low: 49152, high: 65535 }
}

/** Below it are the well-known and popular registered ports (databases, web servers on 8080…). */
const LOWEST = 20000

/**
 * The odd ports of [20000, 65535] that lie outside `range`, in order. When
 * the ephemeral range covers them all, the odd ports of [20000, 65535]:
 * the bind check then is the only guard.
 *
 * @example
 * ```ts
 * portsOutside({ low: 32768, high: 60999 }) // [20001, 20003, …, 32767, 61001, …, 65535]
 * ```
 */
export function portsOutside(range: PortRange): number[] {
  const ports: number[] = []
  for (let port = LOWEST + 1; port <= 65535; port += 2) {
    if (port < range.low || port > range.high) ports.push(port)
  }
  if (ports.length > 0) return ports
  for (let port = LOWEST + 1; port <= 65535; port += 2) ports.push(port)
  return ports
}
