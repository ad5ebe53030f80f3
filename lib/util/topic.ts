import { UsageError } from "../errors"
import { describeValue } from "./describe-value"

/**
 * Checks the topic of a `subscribed(topic)` wait and returns its bytes: a string or a Buffer (a
 * prefix of the messages wanted, ZeroMQ's rule), or undefined for any subscription. Anything
 * else would reach `Buffer.from()` and fail there with a raw TypeError.
 *
 * @param call the call as the user wrote it, e.g. `"subscribed(topic)"`
 * @example
 * ```ts
 * const wanted = topicBytes(topic, "subscribed(topic)") // Buffer, or undefined for any
 * ```
 */
export function topicBytes(topic: unknown, call: string): Buffer | undefined {
  if (topic === undefined) return undefined
  if (typeof topic === "string" || Buffer.isBuffer(topic)) return Buffer.from(topic)
  throw new UsageError(
    `expected the topic of ${call} to be a string or a Buffer (the start of the messages wanted), got ${describeValue(topic)}. ` +
      "Leave it out to wait for any subscription.",
  )
}
