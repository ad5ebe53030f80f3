import { currentScope } from "../core/ownership"
import { closedError, socketTimeout, translateZmqError, type SocketFacts } from "./errors"

/** The waits of a test socket that have a bound. */
export type WaitName = "send" | "receive" | "connected" | "subscribed"

/**
 * The error of a wait on a socket that ran out of time, with the transcript, the connections
 * and the processes of the running test. Made by the method the test awaits, so that its stack
 * names the test's line.
 *
 * @example
 * ```ts
 * throw site.apply(waitTimedOut(sock, "receive", 1000, "nothing"))
 * ```
 */
export function waitTimedOut(
  facts: SocketFacts,
  operation: WaitName,
  ms: number,
  got: string,
  topic?: Buffer,
): Error {
  const expected = {
    send: "a peer ready to take the message",
    receive: "a message",
    connected: "a completed handshake on every endpoint",
    subscribed:
      topic === undefined
        ? "a subscription"
        : `a subscription matching topic ${JSON.stringify(topic.toString())}`,
  }[operation]
  return socketTimeout(facts, operation, ms, expected, got, currentScope())
}

/**
 * Turns a failed send or receive into the error the test sees: the harness's own errors (a
 * crash, a closed socket) as they are, zeromq's timeout as a timeout, the rest translated.
 *
 * @example
 * ```ts
 * throw site.apply(operationFailed(sock, err, "send", 1000, sock.closed))
 * ```
 */
export function operationFailed(
  facts: SocketFacts,
  err: unknown,
  operation: "send" | "receive",
  timeout: number,
  closed: boolean,
): Error {
  const code = (err as { code?: unknown } | undefined)?.code
  if (err instanceof Error && typeof code === "string" && code.startsWith("ERR_ZMQH_")) return err
  if (code === "EAGAIN")
    return waitTimedOut(
      facts,
      operation,
      timeout,
      operation === "receive" ? "nothing" : "none ready",
    )
  if (closed) return closedError(facts, operation, err)
  return translateZmqError(err, facts, operation)
}
