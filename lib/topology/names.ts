/**
 * The names and addresses of one topology. Every topology of every run on the machine gets an
 * index of its own (lib/topology/allot.ts), and everything it makes is named from that index:
 * two runs, or two `--parallel` workers, never touch each other's hosts, and a reaper can find
 * what a dead run left by its names alone.
 *
 * - bridge `zmqh<index>`, and the root end of each host's veth pair `zmqh<index>v<n>` (at most
 *   15 characters, Linux's limit for interface names);
 * - network namespace `zmqh<index>-<host name>` (in /run/netns);
 * - nftables table `netdev zmqh<index>`;
 * - addresses: the /24 number `index` of 198.18.0.0/15, the range RFC 2544 sets aside for
 *   benchmarking networks: the test (the root namespace) is `.1` on the bridge, hosts `.10` up.
 */
export interface TopologyNames {
  index: number
  /** `zmqh<index>`: the bridge, the nftables table, and the start of every other name. */
  prefix: string
  /** The test's own address on the bridge (`198.18.0.1` for index 0). */
  gateway: string
  /** `198.18.0.0/24`, for index 0. */
  subnet: string
}

/** How many topologies the range holds at once: 512 /24 networks in 198.18.0.0/15. */
export const INDEXES = 512

/** The first host's last octet. */
const FIRST_HOST = 10
/** At most this many hosts in one topology (.10 to .254). */
export const MAX_HOSTS = 255 - FIRST_HOST

/** `[198, 18 + high bit, low byte]`: the first three octets of the /24 of `index`. */
function network(index: number): string {
  return `198.${18 + (index >> 8)}.${index & 255}`
}

/**
 * The names of topology number `index`.
 *
 * @example
 * ```ts
 * namesOf(3) // { index: 3, prefix: "zmqh3", gateway: "198.18.3.1", subnet: "198.18.3.0/24" }
 * ```
 */
export function namesOf(index: number): TopologyNames {
  const net = network(index)
  return { index, prefix: `zmqh${index}`, gateway: `${net}.1`, subnet: `${net}.0/24` }
}

/**
 * The address of host number `n` (0-based, in the order of `hosts`).
 *
 * @example
 * ```ts
 * hostAddress(namesOf(3), 0) // "198.18.3.10"
 * ```
 */
export function hostAddress(names: TopologyNames, n: number): string {
  return `${network(names.index)}.${FIRST_HOST + n}`
}

/**
 * The root end of host number `n`'s veth pair; its other end is `eth0` in the host.
 *
 * @example
 * ```ts
 * vethOf(namesOf(3), 1) // "zmqh3v1"
 * ```
 */
export function vethOf(names: TopologyNames, n: number): string {
  return `${names.prefix}v${n}`
}

/**
 * The network namespace of host `host`.
 *
 * @example
 * ```ts
 * netnsOf(namesOf(3), "w1") // "zmqh3-w1"
 * ```
 */
export function netnsOf(names: TopologyNames, host: string): string {
  return `${names.prefix}-${host}`
}

/**
 * True for a name this topology made: its bridge, a veth, a namespace (for the reaper).
 *
 * @example
 * ```ts
 * isOwnName(namesOf(3), "zmqh3v0") // true; "zmqh30v0": false
 * ```
 */
export function isOwnName(names: TopologyNames, name: string): boolean {
  return (
    name === names.prefix ||
    new RegExp(`^${names.prefix}v\\d+$`).test(name) ||
    name.startsWith(`${names.prefix}-`)
  )
}

/**
 * The index as a 32-bit number with its /24 mask, to compare with the machine's routes.
 *
 * @example
 * ```ts
 * subnetBits(0) // { net: 0xc6120000, mask: 0xffffff00 }
 * ```
 */
export function subnetBits(index: number): { net: number; mask: number } {
  return {
    net: ((198 << 24) | ((18 + (index >> 8)) << 16) | ((index & 255) << 8)) >>> 0,
    mask: 0xffffff00,
  }
}
