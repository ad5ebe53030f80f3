import * as fs from "node:fs"
import * as path from "node:path"
import { NETNS_DIR } from "./support"

/** The inode that identifies the network namespace mounted at /run/netns/NAME, if it is there. */
function inodeOf(netns: string): number | undefined {
  try {
    return fs.statSync(path.join(NETNS_DIR, netns)).ino
  } catch {
    return undefined
  }
}

/**
 * The processes living in any of the named network namespaces: those whose /proc/PID/ns/net
 * is one of theirs. A program that left its process group (a daemon) or was started by hand
 * with `ip netns exec` is found too, and a namespace is only gone once nothing lives in it.
 *
 * @example
 * ```ts
 * inhabitants(["zmqh3-broker", "zmqh3-w1"]) // [4242, 4250]
 * ```
 */
export function inhabitants(netnsNames: readonly string[]): number[] {
  const wanted = new Set(
    netnsNames.map(inodeOf).flatMap((ino) => (ino === undefined ? [] : [`net:[${ino}]`])),
  )
  if (wanted.size === 0) return []
  const found: number[] = []
  let entries: string[]
  try {
    entries = fs.readdirSync("/proc")
  } catch {
    return []
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    try {
      if (wanted.has(fs.readlinkSync(`/proc/${entry}/ns/net`))) found.push(Number(entry))
    } catch {
      // gone meanwhile, or not ours to look at
    }
  }
  return found
}

/**
 * SIGKILLs each process; errors mean it is gone already.
 *
 * @example
 * ```ts
 * killAll(inhabitants(["zmqh3-a"]))
 * ```
 */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL")
    } catch {
      // gone
    }
  }
}
