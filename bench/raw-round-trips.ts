import { isDeepStrictEqual } from "node:util"
import type * as zmq from "zeromq"

/**
 * The raw baseline of the round-trip benches: what a test without zmq-harness does with
 * bare zeromq.js — send a JSON body, receive, parse, deep-compare — `count` times.
 *
 * @example
 * ```ts
 * await rawRoundTrips(req, 500, ["ping", 1], ["pong", 1])
 * ```
 */
export async function rawRoundTrips(
  raw: zmq.Request,
  count: number,
  body: unknown,
  reply: unknown,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await raw.send(JSON.stringify(body))
    const [frame] = await raw.receive()
    if (!isDeepStrictEqual(JSON.parse(frame.toString()), reply)) throw new Error("unexpected reply")
  }
}
