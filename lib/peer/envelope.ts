import type { SocketType } from "../socket/types"

/**
 * A message split into the envelope a mock peer handles for the user and the frames its
 * expectations see.
 *
 * @example
 * ```ts
 * const { envelope, body } = splitEnvelope("router", [id, Buffer.alloc(0), Buffer.from("ping")])
 * // envelope: [id, <empty>], body: [<Buffer 70 69 6e 67>]
 * ```
 */
export interface Split {
  readonly envelope: Buffer[]
  readonly body: Buffer[]
}

const NONE: Buffer[] = []

/**
 * Takes off the envelope of a received message, so that an expectation is written the same
 * whatever the client's socket type: a router peer keeps the routing id (first frame), and the
 * empty delimiter after it when one came (a req or rep client sends one, a dealer client may
 * not); a dealer peer keeps a leading empty frame (what a router or rep on the other side
 * sends). Other types have no envelope (a rep socket handles its own).
 *
 * @example
 * ```ts
 * splitEnvelope("dealer", [Buffer.alloc(0), body]) // { envelope: [<empty>], body: [body] }
 * ```
 */
export function splitEnvelope(type: SocketType, frames: Buffer[]): Split {
  if (type === "router") {
    const cut = frames.length > 1 && frames[1].length === 0 ? 2 : 1
    return { envelope: frames.slice(0, cut), body: frames.slice(cut) }
  }
  if (type === "dealer" && frames.length > 0 && frames[0].length === 0) {
    return { envelope: frames.slice(0, 1), body: frames.slice(1) }
  }
  return { envelope: NONE, body: frames }
}
