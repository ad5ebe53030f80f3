/**
 * The Lazy Pirate's decision after an attempt that brought no usable reply
 * (nothing within the timeout, or a reply to another request): try again on
 * a fresh socket, or give the server up. Free of sockets and clocks so it can
 * be unit tested.
 *
 * A REQ socket that sent a request and got no reply is stuck: it may not send
 * again before it received. So the client closes it (dropping whatever was
 * queued, and any late reply) and opens a new one to resend: the zguide's
 * "brute force" reconnect.
 */

export type Next =
  /** Resend on a new socket; `attempt` counts from 1, out of `of`. */
  | { kind: "retry"; attempt: number; of: number }
  /** Every attempt failed: the server is gone. */
  | { kind: "give-up"; attempts: number }

/**
 * After attempt number `attempt` (from 1) failed, with up to `retries`
 * resends allowed per request (so `retries + 1` attempts in all).
 */
export function afterFailure(attempt: number, retries: number): Next {
  const of = retries + 1
  return attempt < of
    ? { kind: "retry", attempt: attempt + 1, of }
    : { kind: "give-up", attempts: of }
}
