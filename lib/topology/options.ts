import { UnknownHostError, UsageError } from "../errors"
import { closestName } from "../util/closest-name"
import { MAX_HOSTS } from "./names"

/**
 * Options of {@link topology}.
 *
 * @example
 * ```ts
 * const net = await topology({ hosts: ["broker", "w1", "w2"] })
 * ```
 */
export interface TopologyOptions {
  /**
   * The names of the hosts, each a network namespace with an address of its own: letters,
   * digits, `-`, `_` and `.`, at most 32 characters, each name once.
   */
  hosts: readonly string[]
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/

/**
 * The host names, checked: a list of 1 to 245 distinct names a namespace can be named after.
 *
 * @example
 * ```ts
 * checkTopologyOptions({ hosts: ["broker", "w1"] }) // ["broker", "w1"]
 * ```
 */
export function checkTopologyOptions(options: unknown): string[] {
  const hosts = (options as TopologyOptions | undefined)?.hosts
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new UsageError(
      `expected topology({ hosts: [...] }) with at least one host name, got ${JSON.stringify(options)}. ` +
        'Name the hosts: topology({ hosts: ["broker", "w1", "w2"] }).',
    )
  }
  if (hosts.length > MAX_HOSTS) {
    throw new UsageError(
      `expected at most ${MAX_HOSTS} hosts in one topology, got ${hosts.length}.`,
    )
  }
  const seen = new Set<string>()
  for (const host of hosts as unknown[]) {
    if (typeof host !== "string" || !NAME.test(host)) {
      throw new UnknownHostError(
        `expected host names of letters, digits, "-", "_" and "." (at most 32, starting with a letter or digit), ` +
          `got ${JSON.stringify(host)}. Give another name: it names the host's network namespace too.`,
      )
    }
    if (seen.has(host)) {
      throw new UnknownHostError(
        `expected each host name once in topology({ hosts }), got "${host}" twice. Give each host its own name.`,
      )
    }
    seen.add(host)
  }
  return [...seen]
}

/**
 * Throws an {@link UnknownHostError} unless `name` is one of `hosts`, with the closest name.
 *
 * @example
 * ```ts
 * checkHostName("wl", ["w1", "w2"], "net.host()") // UnknownHostError: … Perhaps you meant "w1"?
 * ```
 */
export function checkHostName(name: unknown, hosts: readonly string[], where: string): string {
  if (typeof name === "string" && hosts.includes(name)) return name
  const closest = typeof name === "string" ? closestName(name, hosts) : undefined
  throw new UnknownHostError(
    `expected a host of this topology in ${where} (${hosts.map((h) => `"${h}"`).join(", ")}), ` +
      `got ${JSON.stringify(name)}.${closest ? ` Perhaps you meant "${closest}"?` : " Name one of them."}`,
  )
}
