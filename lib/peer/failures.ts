import {
  PREFIX,
  SocketClosedError,
  SocketStateError,
  TimeoutError,
  UnexpectedMessageError,
  UnmetExpectationsError,
} from "../errors"
import { renderFrames } from "../frames/frames"
import type { Expectation } from "./expectation"
import type { PeerRequest } from "./request"

/**
 * What a peer's errors say of it: its name and its transcript as text.
 *
 * @example
 * ```ts
 * const facts: PeerFacts = { name: "rep peer (bind tcp://127.0.0.1:5555)", renderTranscript: () => "" }
 * ```
 */
export interface PeerFacts {
  readonly name: string
  renderTranscript(): string
}

/**
 * What a peer's failure says, without its transcript: for a notice (`Scope.notice`) that
 * ends the failure message of a test that failed on its own assertion.
 *
 * @example
 * ```ts
 * scope.notice(summaryOf(err)) // "expected a message that an expectation of rep peer … matches, got …"
 * ```
 */
export function summaryOf(err: Error): string {
  const text = err.message.startsWith(PREFIX) ? err.message.slice(PREFIX.length) : err.message
  return text.split("\n\n")[0]
}

/**
 * The failure of a message no expectation matched; `explanation` says why (the closest
 * expectation, or what `explainUnmatched()` wrote). The advice to add an expectation is the
 * mock's own: an explainer (a replayed cassette) gives its own advice, so `advise` is false.
 *
 * @example
 * ```ts
 * peer.fail(unmatchedError(peer, request, closestText(expectations, request)))
 * ```
 */
export function unmatchedError(
  facts: PeerFacts,
  request: PeerRequest,
  explanation: string,
  advise = true,
): UnexpectedMessageError {
  const envelope = request.envelope.length
    ? ` (envelope ${renderFrames(request.envelope as Buffer[])})`
    : ""
  return new UnexpectedMessageError(
    `expected a message that an expectation of ${facts.name} matches, got ${renderFrames(request.raw as Buffer[])}${envelope}. ` +
      explanation +
      (advise
        ? " Add an expectation with .on([...]), or call .allowUnmatched() if such messages may come."
        : "") +
      "\n\n" +
      facts.renderTranscript(),
  )
}

/**
 * The failure of expectations left unmet `when` ("within 500 ms", "by the end of the test"),
 * and of replies (and, for `done()`, sends) still owed; undefined when nothing is.
 *
 * @example
 * ```ts
 * const err = unmetError(peer, unmet, { replies: 1, sends: 0 }, "by the end of the test", false)
 * ```
 */
export function unmetError(
  facts: PeerFacts,
  unmet: readonly Expectation[],
  owed: { replies: number; sends: number },
  when: string,
  waited: boolean,
): UnmetExpectationsError | undefined {
  const pending = owed.replies + owed.sends
  if (unmet.length === 0 && pending === 0) return undefined
  const lines = unmet.map((e) => `  ${e.unmetText()}`)
  if (owed.replies > 0) lines.push(`  ${owed.replies} reply(ies) not sent yet`)
  if (owed.sends > 0) lines.push(`  ${owed.sends} send() or publish() call(s) not finished`)
  return new UnmetExpectationsError(
    `expected every expectation of ${facts.name} to be met ${when}, got ${unmet.length} unmet${pending > 0 ? ` and ${pending} pending` : ""}:\n${lines.join("\n")}\n` +
      (waited
        ? "Check that the process under test sends them (the transcript below), or give done() more time with { timeout }."
        : "Wait for them with `await peer.done()` before the test ends, or remove the expectations that may not happen.") +
      "\n\n" +
      facts.renderTranscript(),
  )
}

/**
 * The error of a `send()` or `publish()` that the peer's close cut short.
 *
 * @example
 * ```ts
 * throw closedError(peer.name, "publish()", 3, 10)
 * ```
 */
export function closedError(
  name: string,
  method: string,
  sent: number,
  count: number,
): SocketClosedError {
  return new SocketClosedError(
    `expected ${name} to stay open until ${method} had sent ${count} message(s), got it closed after ${sent}. ` +
      "Await the call before the test ends.",
  )
}

/**
 * The error of a send on the peer's socket that zeromq refused: a timeout (no peer ready),
 * the close of the peer, or another state.
 *
 * @example
 * ```ts
 * throw sendError(peer, frames, err, 1000, peer.closed)
 * ```
 */
export function sendError(
  facts: PeerFacts,
  frames: readonly Buffer[],
  err: unknown,
  bound: number,
  closing: boolean,
): Error {
  if ((err as { code?: string }).code === "EAGAIN")
    return new TimeoutError(
      "send",
      bound,
      `send timed out: expected a peer ready to take the message on ${facts.name}, got none ready after ${bound} ms. ` +
        "Check that the process under test is connected and reads.\n\n" +
        facts.renderTranscript(),
      { cause: err },
    )
  if (closing) return closedError(facts.name, "send", 0, 1)
  return new SocketStateError(
    `expected ${facts.name} to send ${renderFrames(frames)}, got ${(err as Error).message}.`,
    { cause: err },
  )
}
