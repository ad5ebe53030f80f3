import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import { toolPath, type Tool } from "./tools"

/**
 * Whether `topology()` can make hosts here, and if not why, for a test to skip on.
 *
 * @example
 * ```ts
 * const support = topologySupport()
 * if (!support.ok) console.log(`skipped: ${support.reason}`)
 * ```
 */
export type TopologySupport = { ok: true } | { ok: false; reason: string }

/** Capability bits of /proc/self/status's CapEff (linux/capability.h). */
const CAP_NET_ADMIN = 12n
const CAP_SYS_ADMIN = 21n

/** What each tool is for, and where it comes from, for the reason a topology cannot be made. */
const TOOLS: Record<Tool, string> = {
  ip: "ip (iproute2) is not installed: apt-get install iproute2",
  tc: "tc (iproute2) is not installed: apt-get install iproute2",
  nft: "nft (nftables) is not installed: apt-get install nftables",
  nsenter: "nsenter (util-linux) is not installed: apt-get install util-linux",
}

function capabilities(): bigint | undefined {
  try {
    const status = fs.readFileSync("/proc/self/status", "utf8")
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1]
    return hex === undefined ? undefined : BigInt(`0x${hex}`)
  } catch {
    return undefined
  }
}

function has(caps: bigint, bit: bigint): boolean {
  return ((caps >> bit) & 1n) === 1n
}

/** Where named network namespaces live (iproute2's NETNS_RUN_DIR). */
export const NETNS_DIR = "/run/netns"

function canWrite(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The kernel must filter on a device's ingress (nftables' netdev family) and answer a TCP
 * segment with a reset there (`reject with tcp reset`, Linux 5.16+): asked once, as a dry run
 * (`nft -c`) on the loopback device, which changes nothing.
 */
function kernelFilters(): string | undefined {
  const probe =
    "table netdev zmqh_probe {\n  chain c {\n    type filter hook ingress device lo priority 0; policy accept;\n" +
    "    ip saddr 127.0.0.2 reject with tcp reset\n  }\n}\n"
  const result = spawnSync(toolPath("nft")!, ["-c", "-f", "-"], {
    input: probe,
    encoding: "utf8",
    timeout: 5000,
  })
  if (result.status === 0) return undefined
  const said = String(result.stderr ?? result.error?.message ?? "").split("\n")[0]
  return `the kernel refused an nftables netdev ingress chain with a TCP reset (Linux 5.16+ with nf_tables netdev): ${said}`
}

function check(): TopologySupport {
  if (process.platform !== "linux") {
    return {
      ok: false,
      reason: `hosts are Linux network namespaces, and this is ${process.platform}: run the tests in a Linux VM or CI`,
    }
  }
  const caps = capabilities()
  if (caps === undefined || !has(caps, CAP_NET_ADMIN) || !has(caps, CAP_SYS_ADMIN)) {
    return {
      ok: false,
      reason:
        "making network namespaces needs CAP_NET_ADMIN and CAP_SYS_ADMIN: run as root, or rootless inside a user " +
        "namespace (unshare --user --map-root-user --net --mount), or give a container --cap-add NET_ADMIN --cap-add SYS_ADMIN",
    }
  }
  for (const tool of Object.keys(TOOLS) as Tool[]) {
    if (!toolPath(tool)) return { ok: false, reason: TOOLS[tool] }
  }
  if (!canWrite(NETNS_DIR) && !(canWrite("/run") && !fs.existsSync(NETNS_DIR))) {
    return {
      ok: false,
      reason:
        `${NETNS_DIR} cannot be written (a user namespace whose /run belongs to the real root): ` +
        "mount a tmpfs on /run in that namespace first (mount -t tmpfs tmpfs /run)",
    }
  }
  const kernel = kernelFilters()
  if (kernel) return { ok: false, reason: kernel }
  return { ok: true }
}

let cached: TopologySupport | undefined

/**
 * Whether `topology()` can make hosts on this system: `{ ok: true }`, or `{ ok: false, reason }`
 * saying what is missing (not Linux; neither root nor `CAP_NET_ADMIN` in a user namespace;
 * `ip`, `tc`, `nft` or `nsenter` not installed; a kernel without nftables' netdev family).
 * Asked once per process (a dry run of `nft`, a few ms), then remembered.
 *
 * @example
 * ```ts
 * import { topologySupport } from "zmq-harness"
 *
 * describe("broker across hosts @system", function () {
 *   before(function () {
 *     const support = topologySupport()
 *     if (!support.ok) {
 *       console.log(`      skipped: ${support.reason}`)
 *       this.skip()
 *     }
 *   })
 * })
 * ```
 */
export function topologySupport(): TopologySupport {
  cached ??= check()
  return cached
}
