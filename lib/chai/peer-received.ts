import { InvalidSubjectError, UsageError } from "../errors"
import type { ChaiAssertion, ChaiStatic, ChaiUtils } from "./receive"
import { describeValue, renderFrames } from "../frames/frames"
import { CallSite } from "../util/call-site"
import { matchMessage } from "../match/match"
import { closestText, decodedOf } from "../peer/closest"
import { Expectation, type Expected } from "../peer/expectation"
import { MockPeer } from "../peer/mock-peer"

/**
 * `expect(peer).to.have.received(expected)`: passes when a message the peer received (after
 * its envelope) matches `expected` (frames matched as `receive` matches, or a predicate).
 * Synchronous; `.not` asserts that none did.
 *
 * @example
 * ```ts
 * chai.Assertion.addMethod("received", receivedAssertion(chai, utils))
 * expect(backend).to.have.received(["ping", sinon.match.number])
 * ```
 */
export function receivedAssertion(chai: ChaiStatic, utils: ChaiUtils) {
  return function received(this: ChaiAssertion, expected: Expected) {
    const site = new CallSite(received)
    const subject = utils.flag(this, "object")
    if (!(subject instanceof MockPeer)) {
      throw site.apply(
        new InvalidSubjectError(
          `expected a mock peer for .received(), got ${describeValue(subject)}.` +
            (subject instanceof Promise ? " It is a promise: await peer(…) first." : ""),
        ),
      )
    }
    if (typeof expected !== "function" && !Array.isArray(expected)) {
      throw site.apply(
        new UsageError(
          `expected .received() to get a list of frames, e.g. ["ping", 1], or a predicate, got ${describeValue(expected)}.`,
        ),
      )
    }
    // A detached expectation: the same matching as the peer's own, counting nothing.
    const probe = new Expectation(expected, {
      cannotReply: "",
      name: subject.name,
      changed() {},
      discard() {},
    })
    const requests = subject.received
    const hit = requests.find((r) => probe.matches(r))
    const negated = Boolean(utils.flag(this, "negate"))
    if (Boolean(hit) === !negated) return
    const last = requests.at(-1)
    const message = negated
      ? `zmq-harness: ${subject.name} received ${probe.describe()} (${renderFrames(hit!.raw as Buffer[])} at +${hit!.at} ms), which it should not have.`
      : `zmq-harness: ${subject.name} never received ${probe.describe()}: of its ${requests.length} message(s), none matches. ` +
        (last ? closestTo(probe, requests) : "") +
        "\n\n" +
        subject.renderTranscript()
    throw site.apply(new chai.AssertionError(message, {}, received))
  }
}

/** The received message nearest to what was asserted (fewest differing frames), as a sentence. */
function closestTo(probe: Expectation, requests: MockPeer["received"]): string {
  const expected = probe.expected
  if (typeof expected === "function") return ""
  let best = requests[0]
  let fewest = Infinity
  for (const r of requests) {
    const differing = matchMessage(expected, decodedOf(r)).differing.length
    if (differing < fewest) {
      fewest = differing
      best = r
    }
  }
  const why = closestText([probe], best).replace(
    /^The closest expectation, .*?, differs/,
    "it differs",
  )
  return `The nearest, ${renderFrames(best.raw as Buffer[])}: ${why}`
}
