import type { Lane } from "./story"

/**
 * The links and proxies of a test (fault links, record proxies): lanes that take a message on
 * one side and hand it on on the other. Their record names both ends, `listen → target`; the
 * lanes on each side are those whose endpoints are that end (a socket connected to the link, a
 * peer bound at its target, another link in a chain).
 */

/** A link's or proxy's lane and what lies on each side of it. */
export interface Relay {
  readonly lane: number
  /** Where it listens: its clients connect there. */
  readonly listen: string
  /** What it forwards to. */
  readonly target: string
  /** The lanes of the test on its listening side (they send upstream). */
  readonly client: ReadonlySet<number>
  /** The lanes of the test on its target's side. */
  readonly server: ReadonlySet<number>
}

const RELAY_KINDS = new Set(["link", "proxy"])

/**
 * The relays among `lanes`, by lane index.
 *
 * @example
 * ```ts
 * relaysOf(story.lanes).get(2)?.server // the lanes bound where link 2 forwards
 * ```
 */
export function relaysOf(lanes: readonly Lane[]): Map<number, Relay> {
  const ends = new Map<number, { listen: string; target: string }>()
  for (const lane of lanes) {
    if (!RELAY_KINDS.has(lane.kind)) continue
    const [listen, target] = (lane.endpoints?.[0] ?? "").split(" → ")
    if (listen && target) ends.set(lane.index, { listen, target })
  }
  const relays = new Map<number, Relay>()
  for (const [index, { listen, target }] of ends) {
    const client = new Set<number>()
    const server = new Set<number>()
    for (const lane of lanes) {
      if (lane.index === index || lane.kind === "outside") continue
      const other = ends.get(lane.index)
      if (other) {
        // A chain: a relay whose target is our listening end sends to us; ours feeds the next.
        if (other.target === listen) client.add(lane.index)
        if (other.listen === target) server.add(lane.index)
        continue
      }
      const endpoints = lane.endpoints ?? []
      if (endpoints.includes(listen)) client.add(lane.index)
      if (endpoints.includes(target)) server.add(lane.index)
    }
    relays.set(index, { lane: index, listen, target, client, server })
  }
  return relays
}

/**
 * The lanes on one side of a relay.
 *
 * @example
 * ```ts
 * sideLanes(relay, "server") // Set { 3 }
 * ```
 */
export function sideLanes(relay: Relay, side: "client" | "server"): ReadonlySet<number> {
  return side === "client" ? relay.client : relay.server
}
