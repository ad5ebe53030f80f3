import { hostAddress, netnsOf, vethOf, type TopologyNames } from "./names"
import type { Firewall } from "./firewall"
import { tableCommands } from "./rules"
import { runTool } from "./tools"

/** One host as set up: its name, namespace, address and the root end of its link. */
export interface HostNames {
  name: string
  netns: string
  address: string
  veth: string
}

/**
 * The names of every host, in the order given.
 *
 * @example
 * ```ts
 * hostNames(namesOf(3), ["a"]) // [{ name: "a", netns: "zmqh3-a", address: "198.18.3.10", veth: "zmqh3v0" }]
 * ```
 */
export function hostNames(names: TopologyNames, hosts: readonly string[]): HostNames[] {
  return hosts.map((name, n) => ({
    name,
    netns: netnsOf(names, name),
    address: hostAddress(names, n),
    veth: vethOf(names, n),
  }))
}

/**
 * The root namespace's part, in one `ip -batch`: the bridge with the test's address on it, a
 * namespace per host, and a veth pair per host whose root end is a port of the bridge and whose
 * other end is the host's `eth0`. The bridge passes nothing to the machine's own iptables
 * (`nf_call_iptables 0`): a machine whose FORWARD policy drops (Docker's does) would otherwise
 * cut every host from every other.
 */
function rootBatch(names: TopologyNames, hosts: readonly HostNames[]): string {
  return [
    `link add ${names.prefix} type bridge nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0`,
    `link set ${names.prefix} up`,
    `addr add ${names.gateway}/24 dev ${names.prefix}`,
    ...hosts.map((h) => `netns add ${h.netns}`),
    ...hosts.map((h) => `link add ${h.veth} type veth peer name eth0 netns ${h.netns}`),
    ...hosts.map((h) => `link set ${h.veth} master ${names.prefix} up`),
  ]
    .map((line) => `${line}\n`)
    .join("")
}

/** Inside one host: its address on `eth0`, and `lo` up (a program may bind 127.0.0.1 there). */
function hostBatch(host: HostNames): string {
  return `addr add ${host.address}/24 dev eth0\nlink set eth0 up\nlink set lo up\n`
}

/**
 * Brings the hosts up: the root's batch, then each host's batch (`ip -batch` takes no `-n` per
 * line, so one `ip -n <netns>` each, all at once), and the nftables table with its empty
 * ingress chain on every host's link (partitions only ever rewrite that chain). Rejects with a
 * TopologyError; whatever was made is then for {@link tearDown} to remove.
 *
 * @example
 * ```ts
 * await setUp(names, hostNames(names, ["broker", "w1"]), new Firewall(names.prefix))
 * ```
 */
export async function setUp(
  names: TopologyNames,
  hosts: readonly HostNames[],
  firewall: Firewall,
): Promise<void> {
  await runTool("ip", ["-batch", "-"], rootBatch(names, hosts))
  await Promise.all([
    ...hosts.map((h) => runTool("ip", ["-n", h.netns, "-batch", "-"], hostBatch(h))),
    firewall.apply(tableCommands(names, hosts)),
  ])
}
