/** An xpub's subscription message: one frame, 1 (subscribe) or 0 (unsubscribe), then the topic. */
export function isSubscriptionMessage(frames: readonly Buffer[]): boolean {
  return frames.length === 1 && frames[0].length >= 1 && (frames[0][0] === 0 || frames[0][0] === 1)
}

/**
 * The subscriptions an xpub socket has seen and not seen withdrawn, so that
 * `subscribed(topic)` also counts those that arrived before it was called.
 */
export class SubscriptionList {
  private readonly topics: Buffer[] = []

  /** Takes note of a received message if it is a subscription or an unsubscription. */
  note(frames: readonly Buffer[]): void {
    if (!isSubscriptionMessage(frames)) return
    const topic = frames[0].subarray(1)
    if (frames[0][0] === 1) {
      this.topics.push(topic)
      return
    }
    const index = this.topics.findIndex((t) => t.equals(topic))
    if (index >= 0) this.topics.splice(index, 1)
  }

  /**
   * True when a subscription would deliver a message published on `topic`
   * (ZeroMQ's prefix rule); with no topic, when there is any subscription.
   */
  covers(topic: Buffer | undefined): boolean {
    return this.topics.some((t) => topic === undefined || topic.subarray(0, t.length).equals(t))
  }

  /** The topics, quoted, for messages. */
  describe(): string[] {
    return this.topics.map((t) => JSON.stringify(t.toString()))
  }
}
