/**
 * The error classes of zmq-harness. Every error the toolkit throws is a
 * {@link ZmqHarnessError} with a stable `code`, a message of the form
 * `zmq-harness: <expected>, got <what came>. <what to do>.`, and, where it
 * wraps a lower-level failure, that failure as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   await req.recv()
 * } catch (err) {
 *   if (err instanceof TimeoutError) console.log(err.code) // "ERR_ZMQH_TIMEOUT"
 * }
 * ```
 * @packageDocumentation
 */

/** The stable codes carried by zmq-harness errors. */
export const codes = {
  TIMEOUT: "ERR_ZMQH_TIMEOUT",
  SOCKET_TYPE: "ERR_ZMQH_SOCKET_TYPE",
  ENDPOINT: "ERR_ZMQH_ENDPOINT",
  ADDRESS_IN_USE: "ERR_ZMQH_ADDRESS_IN_USE",
  JSON: "ERR_ZMQH_JSON",
  SOCKET_CLOSED: "ERR_ZMQH_SOCKET_CLOSED",
  SOCKET_STATE: "ERR_ZMQH_SOCKET_STATE",
  INVALID_ARGUMENT: "ERR_ZMQH_INVALID_ARGUMENT",
  UNREAD_MESSAGES: "ERR_ZMQH_UNREAD_MESSAGES",
  UNAWAITED_ASSERTION: "ERR_ZMQH_UNAWAITED_ASSERTION",
  PROCESS_EXITED: "ERR_ZMQH_PROCESS_EXITED",
  PROCESS_NOT_FOUND: "ERR_ZMQH_PROCESS_NOT_FOUND",
  NOT_READY: "ERR_ZMQH_NOT_READY",
  STUB: "ERR_ZMQH_STUB",
  GOLDEN: "ERR_ZMQH_GOLDEN",
  PROGRAM: "ERR_ZMQH_PROGRAM",
  // loaders
  LOADER_UNAVAILABLE: "ERR_ZMQH_LOADER_UNAVAILABLE",
  NOT_REGISTERED: "ERR_ZMQH_NOT_REGISTERED",
  ZEROMQ_COPIES: "ERR_ZMQH_ZEROMQ_COPIES",
} as const

/** One of the values of {@link codes}. */
export type ErrorCode = (typeof codes)[keyof typeof codes]

/** The prefix every zmq-harness error message starts with. */
export const PREFIX = "zmq-harness: "

/**
 * Base class of every error zmq-harness throws.
 *
 * @example
 * ```ts
 * import { ZmqHarnessError } from "zmq-harness"
 * const err = new ZmqHarnessError("ERR_ZMQH_TIMEOUT", "expected a reply, got nothing after 10 ms")
 * err.message // "zmq-harness: expected a reply, got nothing after 10 ms"
 * ```
 */
export class ZmqHarnessError extends Error {
  /** A stable identifier, one of {@link codes}. */
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * A send, a receive, or a wait (`connected()`, `subscribed()`, readiness…)
 * ran out of time. The message names the socket (type and endpoints), the
 * operation and the wait, and holds the socket's transcript.
 *
 * @example
 * ```ts
 * await expect(req.recv({ timeout: 50 })).to.be.rejectedWith(TimeoutError)
 * ```
 */
export class TimeoutError extends ZmqHarnessError {
  /** What ran out of time: `"send"`, `"receive"`, `"connected"`, `"subscribed"`, … */
  readonly operation: string
  /** How long it waited, in milliseconds. */
  readonly timeout: number

  constructor(operation: string, timeout: number, message: string, options?: { cause?: unknown }) {
    super(codes.TIMEOUT, message, options)
    this.operation = operation
    this.timeout = timeout
  }
}

/**
 * An argument was wrong: an unknown socket type, a malformed endpoint, an
 * option of the wrong kind. The message says what is accepted.
 *
 * @example
 * ```ts
 * await socket("reqq" as any) // UsageError, code ERR_ZMQH_SOCKET_TYPE, lists the valid types
 * ```
 */
export class UsageError extends ZmqHarnessError {}

/**
 * A bind failed because the address is taken (`EADDRINUSE`).
 *
 * @example
 * ```ts
 * await socket("rep", { bind: "tcp://127.0.0.1:5678" }) // twice: AddressInUseError naming port 5678
 * ```
 */
export class AddressInUseError extends ZmqHarnessError {
  /** The endpoint that could not be bound. */
  readonly endpoint: string

  constructor(endpoint: string, message: string, options?: { cause?: unknown }) {
    super(codes.ADDRESS_IN_USE, message, options)
    this.endpoint = endpoint
  }
}

/**
 * A frame that should hold JSON does not. The message shows the raw frame.
 *
 * @example
 * ```ts
 * await sock.recv()               // JsonDecodeError when the last frame is not JSON
 * await sock.recv({ json: false }) // Buffers as they came
 * ```
 */
export class JsonDecodeError extends ZmqHarnessError {
  /** The frame as it came. */
  readonly frame: Buffer

  constructor(frame: Buffer, message: string, options?: { cause?: unknown }) {
    super(codes.JSON, message, options)
    this.frame = frame
  }
}

/**
 * An operation on a socket that was already closed, or that the socket's
 * type or state does not allow (a receive on a PUB, a second send on a REQ).
 *
 * @example
 * ```ts
 * await sock.close()
 * await sock.send(["late"]) // SocketStateError, code ERR_ZMQH_SOCKET_CLOSED
 * ```
 */
export class SocketStateError extends ZmqHarnessError {}

/**
 * A test ended with something left undone: messages that arrived but were
 * never read (`ERR_ZMQH_UNREAD_MESSAGES`, when `failOnUnread` is set), or a
 * `receive` assertion that was never awaited (`ERR_ZMQH_UNAWAITED_ASSERTION`).
 *
 * @example
 * ```ts
 * it("forgets await", () => {
 *   expect(req).to.receive([["pong", 1]]) // the test fails with UnfinishedTestError
 * })
 * ```
 */
export class UnfinishedTestError extends ZmqHarnessError {}

// loaders

/**
 * `startModule` has no way to run a TypeScript module: no loader is installed
 * where the user's project would find it, or the one asked for cannot run here
 * (ts-node with a TypeScript that has no JavaScript API, type stripping on a
 * Node without it). The message names the package to install.
 *
 * @example
 * ```ts
 * await startModule("src/app.ts") // LoaderUnavailableError: ... npm install --save-dev tsx
 * ```
 */
export class LoaderUnavailableError extends ZmqHarnessError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(codes.LOADER_UNAVAILABLE, message, options)
  }
}

/**
 * A test made a socket or a process in a Mocha run that the plugin's root
 * hooks are not part of (so nothing would be closed after it): the plugin is
 * not loaded, or it patched another copy of Mocha than the one running the
 * tests. The message shows the line to add to `.mocharc.yml`.
 *
 * @example
 * ```ts
 * await socket("req") // NotRegisteredError: ... add `require: zmq-harness/register` to .mocharc.yml
 * ```
 */
export class NotRegisteredError extends ZmqHarnessError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(codes.NOT_REGISTERED, message, options)
  }
}

/**
 * Emitted once (with `process.emitWarning`, not thrown) when the zeromq that
 * zmq-harness loads is not the one the user's project resolves: two copies
 * each have their own context, so `inproc://` between the application's
 * sockets and test sockets cannot connect (tcp and ipc still work).
 *
 * @example
 * ```ts
 * process.on("warning", (w) => {
 *   if (w instanceof ZeromqCopiesWarning) console.log(w.message) // names both copies
 * })
 * ```
 */
export class ZeromqCopiesWarning extends ZmqHarnessError {
  constructor(message: string) {
    super(codes.ZEROMQ_COPIES, message)
  }
}
