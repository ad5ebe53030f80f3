import type { TopologyNames } from "./names"
import type { HostNames } from "./setup"

/**
 * How a cut link behaves: `"drop"` loses every packet silently (a cable pulled, a firewall
 * that drops: the sender retransmits until its timeouts); `"reset"` answers each TCP segment
 * with a reset, so the sender learns at once that the connection is refused or broken.
 */
export type PartitionMode = "drop" | "reset"

/** One direction of one pair of hosts that is cut: packets from `from` to `to`. */
export interface Cut {
  from: HostNames
  to: HostNames
  mode: PartitionMode
}

/**
 * The nftables script that makes the cuts, as one transaction: the ingress chain of the
 * topology's table (on the root end of every host's link, where a host's packets enter the
 * bridge) is flushed and filled again. One `nft` process per change, whatever the number of
 * hosts: a partition is in force, all of it at once, when `nft` returns.
 *
 * A reset answers TCP only; everything else between the two (UDP, ICMP) is dropped. ARP is not
 * IP and goes through, as across a real firewall: the hosts still know each other's hardware
 * address, so a heal takes effect at once.
 */
export function chainScript(
  names: TopologyNames,
  hosts: readonly HostNames[],
  cuts: readonly Cut[],
  create = false,
): string {
  const table = `netdev ${names.prefix}`
  const devices = hosts.map((h) => h.veth).join(", ")
  const head = create
    ? `table ${table} {\n  chain ingress {\n    type filter hook ingress devices = { ${devices} } priority 0; policy accept;\n  }\n}\n`
    : `flush chain ${table} ingress\n`
  const rules = cuts.flatMap((cut) => {
    const match = `ip saddr ${cut.from.address} ip daddr ${cut.to.address}`
    const reset = cut.mode === "reset" ? [`add rule ${table} ingress ${match} reject with tcp reset`] : []
    return [...reset, `add rule ${table} ingress ${match} drop`]
  })
  return head + rules.map((rule) => `${rule}\n`).join("")
}
