import type { ReceiveResult } from "./receiver"
import { isSubscriptionMessage, type SubscriptionList } from "./subscriptions"

/** What the xpub subscription wait needs of its socket. */
export interface SubscriptionSource {
  /** The subscriptions seen so far (updated by every receive). */
  readonly subscriptions: SubscriptionList
  /** Receives one message within `ms`. */
  receive(ms: number): Promise<ReceiveResult>
}

/**
 * Waits until `source` has seen a subscription that covers `wanted` (any, when undefined), by
 * receiving within `ms` in all. Resolves true once covered, false when the time ran out. Other
 * messages read meanwhile are returned in `held`, in order, for the caller to queue for `recv`:
 * pushed back one by one, a queued message would be read again at once, forever.
 *
 * @example
 * ```ts
 * const held: Buffer[][] = []
 * const ok = await waitForSubscription(source, Buffer.from("news"), 1000, held)
 * ```
 */
export async function waitForSubscription(
  source: SubscriptionSource,
  wanted: Buffer | undefined,
  ms: number,
  held: Buffer[][],
): Promise<boolean> {
  const deadline = performance.now() + ms
  while (!source.subscriptions.covers(wanted)) {
    const left = Math.ceil(deadline - performance.now())
    if (left <= 0) return false
    const result = await source.receive(left)
    if (result.kind === "timeout") return false
    if (!isSubscriptionMessage(result.frames)) held.push(result.frames)
  }
  return true
}
