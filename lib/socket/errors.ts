import {
  AddressInUseError,
  EndpointError,
  SocketClosedError,
  SocketStateError,
  TimeoutError,
} from "../errors"
import type { Scope } from "../core/scope"

/** What a socket error message needs to know of the socket. */
export interface SocketFacts {
  /** e.g. `req socket (connect tcp://127.0.0.1:5678)` */
  readonly name: string
  readonly type: string
  /** @internal The transcript as text. */
  renderTranscript(): string
  /** @internal Connection problems seen by the monitor, and whether each endpoint is connected. */
  connectionNotes(): string[]
}

const WHAT_TO_DO: Record<string, string> = {
  receive:
    "Check that the peer is running and sends to this socket (its output and the transcript below tell), " +
    "or give the wait more time with `{ timeout }`.",
  send:
    "Check that a peer is connected and reads (`await sock.connected()` waits for the handshake), " +
    "or give the send more time with `{ timeout }`.",
  connected:
    "Check that the peer is listening at that endpoint (or connecting to it), and that the port is right.",
  subscribed:
    "Check that the subscriber connects to this socket and subscribes to a prefix of that topic " +
    "(a sub socket made with `socket('sub', { subscribe: topic })`).",
}

/**
 * The other resources of the test that may explain a wait that ran out of time, under a
 * heading each: a process that is still starting, a mock peer that has not answered yet (what
 * it got, what it still expects), a fault link with its faults in force and its seed, a
 * recording proxy and its target.
 */
const RELATED: readonly (readonly [kind: string, heading: string])[] = [
  ["process", "Processes of this test"],
  ["peer", "Mock peers of this test"],
  ["link", "Fault links of this test"],
  ["proxy", "Recording proxies of this test"],
]

function details(facts: SocketFacts, scope: Scope | undefined): string {
  const parts = [facts.renderTranscript()]
  const notes = facts.connectionNotes()
  if (notes.length > 0) parts.push(`Connections:\n${notes.map((n) => "  " + n).join("\n")}`)
  for (const [kind, heading] of RELATED) {
    const lines = scope?.describe(kind) ?? []
    if (lines.length > 0) parts.push(`${heading}:\n${lines.map((l) => "  " + l).join("\n")}`)
  }
  return parts.join("\n\n")
}

/** The error for a wait on a socket that ran out of time. */
export function socketTimeout(
  facts: SocketFacts,
  operation: "send" | "receive" | "connected" | "subscribed",
  ms: number,
  expected: string,
  got: string,
  scope: Scope | undefined,
): TimeoutError {
  return new TimeoutError(
    operation,
    ms,
    `${operation} timed out: expected ${expected} on ${facts.name}, got ${got} after ${ms} ms. ` +
      `${WHAT_TO_DO[operation]}\n\n${details(facts, scope)}`,
  )
}

const STATE_HINTS: Record<string, string> = {
  req: "a req socket must alternate: send a request, then receive its reply, then send again",
  rep: "a rep socket must alternate: receive a request, then send its reply, then receive again",
}

/**
 * Translates an error zeromq.js raised during `operation` into one that says
 * what was expected and what to do. Unknown errors are wrapped, never lost.
 */
export function translateZmqError(
  err: unknown,
  facts: SocketFacts,
  operation: "send" | "receive" | "bind" | "connect",
  endpoint?: string,
): Error {
  const code = (err as { code?: string })?.code
  if (code === "EFSM") {
    return new SocketStateError(
      `expected ${facts.name} to be able to ${operation} now, got "operation cannot be accomplished in current state" (EFSM): ` +
        `${STATE_HINTS[facts.type] ?? "the socket type does not allow it here"}. Check the order of sends and receives.`,
      { cause: err },
    )
  }
  if (code === "EBUSY") {
    return new SocketStateError(
      `expected one ${operation} at a time on ${facts.name}, got a second one while the first was pending (EBUSY). ` +
        `Await each ${operation} before starting the next.`,
      { cause: err },
    )
  }
  if (code === "EADDRINUSE" && endpoint) {
    const port = /:(\d+)$/.exec(endpoint)?.[1]
    return new AddressInUseError(
      endpoint,
      `expected to bind ${facts.name.replace(/ \(.*$/, "")} to ${endpoint}, got "address already in use" (EADDRINUSE)` +
        `${port ? ` for port ${port}` : ""}. A previous test or another process may still hold it: ` +
        "find it with `ss -ltnp`, or bind to a random port with `tcp://127.0.0.1:*` and read `sock.endpoint`.",
      { cause: err },
    )
  }
  if ((operation === "bind" || operation === "connect") && endpoint) {
    return new EndpointError(
      `expected to ${operation} ${facts.type} socket to ${endpoint}, got ${code ?? "an error"}: ${(err as Error)?.message}. ` +
        "Check the host (use 127.0.0.1 for tests), the port, and for ipc that the folder exists.",
      { cause: err },
    )
  }
  if (code === "ENOTSOCK" || code === "EBADF" || /closed/i.test((err as Error)?.message ?? "")) {
    return closedError(facts, operation, err)
  }
  return new SocketStateError(
    `expected to ${operation} on ${facts.name}, got ${code ?? "an error"}: ${(err as Error)?.message ?? String(err)}.`,
    { cause: err },
  )
}

/** The error for any operation on a closed socket. */
export function closedError(
  facts: SocketFacts,
  operation: string,
  cause?: unknown,
): SocketStateError {
  return new SocketClosedError(
    `expected an open socket to ${operation} on, got ${facts.name}, which is closed. ` +
      "Sockets made in a test are closed when it ends; make the socket in the test (or a beforeEach hook) that uses it, " +
      "or in a before hook to keep it for the whole suite.",
    { cause },
  )
}
