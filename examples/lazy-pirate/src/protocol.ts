/**
 * The messages of the example, free of sockets so they can be unit tested.
 * Every message is one JSON frame:
 *
 *   client → server   ["work", seq]   a request, numbered from 1
 *   server → client   ["done", seq]   its reply, carrying the same number
 *   monitor → server  ["ping", n]     a heartbeat
 *   server → monitor  ["pong", n]
 *
 * The sequence number is what lets the client tell the reply it waits for
 * from a late or duplicated one: on a real network the same reply can arrive
 * twice (a request resent, then both copies answered).
 */

/** The request numbered `seq`, as the client sends it. */
export function request(seq: number): string {
  return JSON.stringify(["work", seq])
}

/** The heartbeat numbered `n`, as the monitor sends it. */
export function ping(n: number): string {
  return JSON.stringify(["ping", n])
}

/** What a reply is to a client that waits for the reply to `seq`. */
export type ReplyCheck =
  | { kind: "ok" }
  /** A reply to another request: late, or a duplicate. Not the one awaited. */
  | { kind: "stale"; seq: number }
  | { kind: "malformed"; text: string }

function parse(frame: Buffer | string): unknown {
  try {
    return JSON.parse(frame.toString())
  } catch {
    return undefined
  }
}

function numbered(message: unknown, tag: string): number | undefined {
  if (!Array.isArray(message) || message.length !== 2 || message[0] !== tag) return undefined
  return Number.isInteger(message[1]) ? (message[1] as number) : undefined
}

/** Checks a reply frame against the request the client waits for. */
export function checkReply(frame: Buffer | string, expected: number): ReplyCheck {
  const seq = numbered(parse(frame), "done")
  if (seq === undefined) return { kind: "malformed", text: frame.toString() }
  return seq === expected ? { kind: "ok" } : { kind: "stale", seq }
}

/** The number of a pong frame, or `undefined` if the frame is not a pong. */
export function pongNumber(frame: Buffer | string): number | undefined {
  return numbered(parse(frame), "pong")
}

/** What the server does with one request frame. */
export type Served =
  | { kind: "work"; seq: number; reply: string }
  | { kind: "ping"; reply: string }
  | { kind: "bad"; reply: string }

/** The server's answer to one frame: work is done, a ping is ponged, anything else is an error. */
export function serve(frame: Buffer | string): Served {
  const message = parse(frame)
  const seq = numbered(message, "work")
  if (seq !== undefined) return { kind: "work", seq, reply: JSON.stringify(["done", seq]) }
  const n = numbered(message, "ping")
  if (n !== undefined) return { kind: "ping", reply: JSON.stringify(["pong", n]) }
  return {
    kind: "bad",
    reply: JSON.stringify([
      "error",
      `expected ["work", <integer>] or ["ping", <integer>], got ${JSON.stringify(frame.toString())}`,
    ]),
  }
}
