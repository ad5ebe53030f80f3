import type { SocketType } from "../socket/types"

/**
 * Types whose peer handles one message at a time, answering before it receives the next:
 * zeromq's rep and req sockets must alternate.
 *
 * @example
 * ```ts
 * if (ALTERNATING.has(type)) await handled
 * ```
 */
export const ALTERNATING: ReadonlySet<SocketType> = new Set(["rep", "req"])

/**
 * Why a peer of this type cannot `send()`/`publish()` on its own (it only answers, or cannot
 * send at all), or undefined when it can. A req peer can: each send is a request, and its
 * reply is matched against the expectations.
 *
 * @example
 * ```ts
 * oneWayRefusal("rep") // "a rep socket sends only to answer a request: use .on([...]).reply([...])"
 * ```
 */
export function oneWayRefusal(type: SocketType): string | undefined {
  switch (type) {
    case "rep":
      return "a rep socket sends only to answer a request: use .on([...]).reply([...])"
    case "router":
      return "a router socket needs the routing id of a peer: use .on([...]).reply([...]), which routes the reply to its sender"
    case "sub":
    case "pull":
      return `a ${type} socket cannot send; use ${type === "sub" ? "a pub" : "a push"} peer`
    case "xsub":
      return "an xsub socket sends subscriptions, not messages: use a pub peer to publish"
    default:
      return undefined
  }
}

/**
 * Why a peer of this type cannot answer a message, or undefined when it can.
 *
 * @example
 * ```ts
 * replyRefusal("pull") // "a pull socket cannot send: .on([...]) only counts what comes"
 * ```
 */
export function replyRefusal(type: SocketType): string | undefined {
  if (type === "req")
    return "a req socket receives replies, not requests: .on([...]) checks each reply, and send() sends the next request"
  return type === "sub" || type === "pull" || type === "xsub"
    ? `a ${type} socket cannot answer: .on([...]) only counts what comes`
    : undefined
}

/**
 * Why a peer of this type receives nothing an expectation could match, or undefined.
 *
 * @example
 * ```ts
 * receiveRefusal("pub") // "a pub socket receives nothing; ..."
 * ```
 */
export function receiveRefusal(type: SocketType): string | undefined {
  if (type === "pub" || type === "xpub")
    return `a ${type} socket receives only subscriptions: wait for one with subscribed(topic)`
  if (type === "push") return "a push socket cannot receive; use a pull peer"
  return undefined
}
