import { renderFrames } from "../frames/frames"
import { isSubscriptionMessage } from "./subscriptions"

/** How many queued messages an end-of-test check reads at most from one socket. */
export const MAX_UNREAD_SHOWN = 20

/**
 * The text of an unread-messages report for one socket, or undefined when there is nothing to
 * report. Subscription messages of an xpub are not messages the test had to read.
 *
 * @example
 * ```ts
 * unreadText("pull socket (bind inproc://x)", "pull", [[Buffer.from("1")]])
 * // 'pull socket (bind inproc://x): 1 unread message(s):\n  ["1"]'
 * ```
 */
export function unreadText(
  name: string,
  type: string,
  messages: readonly Buffer[][],
): string | undefined {
  const unread = type === "xpub" ? messages.filter((m) => !isSubscriptionMessage(m)) : messages
  if (unread.length === 0) return undefined
  const more = messages.length >= MAX_UNREAD_SHOWN ? "+" : ""
  return `${name}: ${unread.length}${more} unread message(s):\n${unread
    .map((m) => "  " + renderFrames(m))
    .join("\n")}`
}
