import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import type { Host, Topology } from "../../lib"
import { topologySupport } from "../../lib"

export const FIXTURES = "test/topology/fixtures"

/** Skips the suite, saying why, where this system cannot make hosts. */
export function requireTopology(context: Mocha.Context): void {
  const support = topologySupport()
  if (support.ok) return
  console.log(`      skipped: ${support.reason}`)
  context.skip()
}

/** `zmqh3` for a topology whose hosts are `zmqh3-…`. */
export function prefixOf(net: Topology): string {
  return net.host(net.hostNames[0]!).netns.replace(/-.*$/, "")
}

/**
 * What is left on the machine of the topology named `prefix`: namespaces, links, its nftables
 * table, its lock, processes in its namespaces. Empty when it is all gone.
 */
export function leftoversOf(prefix: string): string[] {
  const left: string[] = []
  const netns = execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
  for (const line of netns.split("\n"))
    if (line.startsWith(`${prefix}-`)) left.push(`netns ${line.split(" ")[0]}`)
  for (const link of fs.readdirSync("/sys/class/net")) {
    if (link === prefix || new RegExp(`^${prefix}v\\d+$`).test(link)) left.push(`link ${link}`)
  }
  const tables = execFileSync("nft", ["list", "tables"], { encoding: "utf8" })
  if (tables.split("\n").includes(`table netdev ${prefix}`)) left.push(`nft table netdev ${prefix}`)
  if (fs.existsSync(`/run/zmq-harness/topology/${prefix}.lock`)) left.push(`lock ${prefix}.lock`)
  return left
}

/** What `probe.js` in `from` says of a connection to `to`'s echo server on `port`. */
export async function probe(
  from: Host,
  to: Host | string,
  port: number,
  ms = 400,
  bytes?: number,
): Promise<string> {
  const address = typeof to === "string" ? to : to.address
  const args = [
    `${FIXTURES}/probe.js`,
    address,
    String(port),
    String(ms),
    ...(bytes ? [String(bytes)] : []),
  ]
  const { stdout } = await from.runProgram("node", args, { timeout: ms + 5000 })
  return stdout.trim().split("\n").pop()!
}

/** Starts the echo server in `host` on `port`, ready once it listens at the host's address. */
export function echo(host: Host, port: number) {
  return host.startProcess("node", [`${FIXTURES}/echo.js`, String(port)], {
    ready: `tcp://*:${port}`,
  })
}
