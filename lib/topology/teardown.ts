import * as fs from "node:fs"
import { inhabitants, killAll } from "./inhabitants"
import { NETNS_DIR } from "./support"
import { runTool, runToolSync } from "./tools"
import type { Firewall } from "./firewall"
import type { TopologyNames } from "./names"

/**
 * What is left of a topology on the machine, found by its names (never by what this process
 * remembers, so that the same code tears down its own topology and reaps a dead run's).
 */
interface Leftovers {
  netns: string[]
  links: string[]
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir)
  } catch {
    return []
  }
}

function leftovers(names: TopologyNames): Leftovers {
  const veth = new RegExp(`^${names.prefix}v\\d+$`)
  return {
    netns: list(NETNS_DIR).filter((name) => name.startsWith(`${names.prefix}-`)),
    // The veths first: deleting one end deletes its pair; then the bridge.
    links: [
      ...list("/sys/class/net").filter((name) => veth.test(name)),
      ...list("/sys/class/net").filter((name) => name === names.prefix),
    ],
  }
}

/**
 * The `ip -batch` that removes the links and namespaces. The root ends of the veths are
 * deleted explicitly: `ip netns del` only unmounts a namespace, and the kernel frees its
 * devices later, so a quick next run could meet them.
 */
function ipBatch(found: Leftovers): string {
  return [
    ...found.links.map((link) => `link del ${link}`),
    ...found.netns.map((netns) => `netns del ${netns}`),
  ]
    .map((line) => `${line}\n`)
    .join("")
}

const nftDelete = (names: TopologyNames) => `delete table netdev ${names.prefix}\n`

/**
 * True when nothing named after this topology is left (its table is not looked for).
 *
 * @example
 * ```ts
 * isGone(namesOf(3)) // true once torn down
 * ```
 */
export function isGone(names: TopologyNames): boolean {
  const found = leftovers(names)
  return found.netns.length === 0 && found.links.length === 0
}

/**
 * Removes everything a topology made: kills what still lives in its namespaces (first, so
 * nothing holds them), deletes its nftables table, its veths, its bridge and its namespaces.
 * Tolerates what is already gone (`ip -force`), so that it can finish a half-made topology or
 * a half-torn-down one.
 *
 * @example
 * ```ts
 * await tearDown(namesOf(3)) // a dead run's, found by its names
 * await tearDown(names, firewall) // its own: the table is deleted through its nft session
 * ```
 */
export async function tearDown(names: TopologyNames, firewall?: Firewall): Promise<void> {
  const found = leftovers(names)
  killAll(inhabitants(found.netns))
  // A missing table is no failure: a topology whose setup stopped before it.
  const deleted = firewall
    ? firewall.apply([nftDelete(names).trim()])
    : runTool("nft", ["-f", "-"], nftDelete(names))
  await deleted.catch(() => undefined)
  firewall?.close()
  const batch = ipBatch(found)
  if (batch) await runTool("ip", ["-force", "-batch", "-"], batch)
}

/**
 * {@link tearDown}, synchronously: for the interrupt path (Ctrl-C, SIGTERM, `process.exit`),
 * where the process ends before any promise would settle. Returns what went wrong, if anything.
 *
 * @example
 * ```ts
 * onInterrupt(() => void tearDownSync(names))
 * ```
 */
export function tearDownSync(names: TopologyNames): string | undefined {
  const found = leftovers(names)
  killAll(inhabitants(found.netns))
  runToolSync("nft", ["-f", "-"], nftDelete(names))
  const batch = ipBatch(found)
  return batch ? runToolSync("ip", ["-force", "-batch", "-"], batch) : undefined
}
