/**
 * The publisher's logic without sockets: a last-value cache. Each topic keeps
 * its latest value; a new subscriber to a topic gets that value at once,
 * instead of waiting for the next update.
 */

/** A subscription message as an XPUB socket delivers it: [0x01 | 0x00, ...topic]. */
export function parseSubscription(
  frame: Buffer,
): { subscribe: boolean; topic: string } | undefined {
  if (frame.length === 0 || (frame[0] !== 0 && frame[0] !== 1)) return undefined
  return { subscribe: frame[0] === 1, topic: frame.subarray(1).toString("utf8") }
}

/** One published message: the topic frame, then the JSON value. */
export function message(topic: string, value: unknown): [string, string] {
  return [topic, JSON.stringify(value)]
}

export class LastValueCache {
  private readonly values = new Map<string, unknown>()

  /** Keeps `value` as the latest of `topic`; returns the message to publish. */
  update(topic: string, value: unknown): [string, string] {
    this.values.set(topic, value)
    return message(topic, value)
  }

  /** The messages a new subscriber to `prefix` should get now (ZeroMQ's prefix rule). */
  replay(prefix: string): [string, string][] {
    return [...this.values]
      .filter(([topic]) => topic.startsWith(prefix))
      .map(([topic, value]) => message(topic, value))
  }
}
