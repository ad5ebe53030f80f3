import type { HostNames } from "./setup"

/** A limit on the traffic from one host to another, in bytes per second. */
export interface Limit {
  from: HostNames
  to: HostNames
  bytesPerSecond: number
}

/**
 * The `tc -batch` that gives each host's link the limits of the traffic towards that host: an
 * HTB qdisc on the root end of its veth (where packets leave the bridge for the host), a class
 * per sending host with its rate, and a u32 filter on the sender's address. Unclassified
 * traffic (from the test itself, from hosts without a limit) is not shaped: HTB sends it
 * straight on. Each device named in `devices` is rebuilt from scratch: its qdisc deleted when it
 * has one (`shaped` says which do; tc fails on deleting none), made again when limits are left.
 *
 * Rates are written in `bit`: in tc, `bps` means *bytes* per second.
 *
 * @example
 * ```ts
 * await runTool("tc", ["-batch", "-"], shapingScript([b], [{ from: a, to: b, bytesPerSecond: 1000 }], shaped))
 * ```
 */
export function shapingScript(
  devices: readonly HostNames[],
  limits: readonly Limit[],
  shaped: Set<string>,
): string {
  const lines: string[] = []
  for (const to of devices) {
    if (shaped.delete(to.veth)) lines.push(`qdisc del dev ${to.veth} root`)
    const towards = limits.filter((l) => l.to.veth === to.veth)
    if (towards.length === 0) continue
    shaped.add(to.veth)
    lines.push(`qdisc add dev ${to.veth} root handle 1: htb`)
    towards.forEach((limit, i) => {
      const classid = `1:${(i + 1).toString(16)}`
      const bits = Math.max(8, Math.round(limit.bytesPerSecond * 8))
      lines.push(
        `class add dev ${to.veth} parent 1: classid ${classid} htb rate ${bits}bit ceil ${bits}bit`,
      )
      lines.push(
        `filter add dev ${to.veth} parent 1: protocol ip prio 1 u32 match ip src ${limit.from.address}/32 flowid ${classid}`,
      )
    })
  }
  return lines.map((line) => `${line}\n`).join("")
}
