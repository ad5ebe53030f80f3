import type { TopologyNames } from "./names"
import type { HostNames } from "./setup"

/**
 * How a cut link behaves: `"drop"` loses every packet silently (a cable pulled, a firewall
 * that drops: the sender retransmits until its timeouts); `"reset"` answers each TCP segment
 * with a reset, so the sender learns at once that the connection is refused or broken.
 *
 * @example
 * ```ts
 * await net.partition(["broker"], ["w1"], { mode: "reset" satisfies PartitionMode })
 * ```
 */
export type PartitionMode = "drop" | "reset"

/** One direction of one pair of hosts that is cut: packets from `from` to `to`. */
export interface Cut {
  from: HostNames
  to: HostNames
  mode: PartitionMode
}

/**
 * The nftables commands that make the cuts, for one transaction: the ingress chain of the
 * topology's table (on the root end of every host's link, where a host's packets enter the
 * bridge) is flushed and filled again, so a partition is in force, all of it at once, when the
 * transaction ends — whatever the number of hosts.
 *
 * A reset answers TCP only; everything else between the two (UDP, ICMP) is dropped. ARP is not
 * IP and goes through, as across a real firewall: the hosts still know each other's hardware
 * address, so a heal takes effect at once.
 *
 * @example
 * ```ts
 * cutCommands(names, [{ from: a, to: b, mode: "drop" }]) // ["flush chain netdev zmqh3 ingress", "add rule … drop"]
 * ```
 */
export function cutCommands(names: TopologyNames, cuts: readonly Cut[]): string[] {
  const table = `netdev ${names.prefix}`
  const rules = cuts.flatMap((cut) => {
    const match = `ip saddr ${cut.from.address} ip daddr ${cut.to.address}`
    const reset =
      cut.mode === "reset" ? [`add rule ${table} ingress ${match} reject with tcp reset`] : []
    return [...reset, `add rule ${table} ingress ${match} drop`]
  })
  return [`flush chain ${table} ingress`, ...rules]
}

/**
 * The commands that make the table and its (empty) ingress chain on every host's link.
 *
 * @example
 * ```ts
 * await firewall.apply(tableCommands(names, hosts))
 * ```
 */
export function tableCommands(names: TopologyNames, hosts: readonly HostNames[]): string[] {
  const devices = hosts.map((h) => h.veth).join(", ")
  return [
    `add table netdev ${names.prefix}`,
    `add chain netdev ${names.prefix} ingress { type filter hook ingress devices = { ${devices} } priority 0; policy accept; }`,
  ]
}
