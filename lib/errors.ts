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
  SPAWN: "ERR_ZMQH_SPAWN",
  STOP: "ERR_ZMQH_STOP",
  INVALID_SUBJECT: "ERR_ZMQH_INVALID_SUBJECT",
  // proc
  INTERRUPTED: "ERR_ZMQH_INTERRUPTED",
  // loaders
  LOADER_UNAVAILABLE: "ERR_ZMQH_LOADER_UNAVAILABLE",
  NOT_REGISTERED: "ERR_ZMQH_NOT_REGISTERED",
  ZEROMQ_COPIES: "ERR_ZMQH_ZEROMQ_COPIES",
  // link
  LINK: "ERR_ZMQH_LINK",
  UNREADABLE_STREAM: "ERR_ZMQH_UNREADABLE_STREAM",
  // shard
  SHARD: "ERR_ZMQH_SHARD",
  MERGE_ARTIFACTS: "ERR_ZMQH_MERGE_ARTIFACTS",
  // peer
  UNEXPECTED_MESSAGE: "ERR_ZMQH_UNEXPECTED_MESSAGE",
  UNMET_EXPECTATIONS: "ERR_ZMQH_UNMET_EXPECTATIONS",
  PEER_REPLY: "ERR_ZMQH_PEER_REPLY",
  // cassette
  CASSETTE_INVALID: "ERR_ZMQH_CASSETTE_INVALID",
  CASSETTE_VERSION: "ERR_ZMQH_CASSETTE_VERSION",
  CASSETTE_SOCKET_TYPE: "ERR_ZMQH_CASSETTE_SOCKET_TYPE",
  CASSETTE_MISSING: "ERR_ZMQH_CASSETTE_MISSING",
  // topology
  TOPOLOGY_UNSUPPORTED: "ERR_ZMQH_TOPOLOGY_UNSUPPORTED",
  TOPOLOGY: "ERR_ZMQH_TOPOLOGY",
  UNKNOWN_HOST: "ERR_ZMQH_UNKNOWN_HOST",
  PARTITION: "ERR_ZMQH_PARTITION",
  // explore
  EXPLORE: "ERR_ZMQH_EXPLORE",
  MISSING_DEPENDENCY: "ERR_ZMQH_MISSING_DEPENDENCY",
} as const

/** One of the values of {@link codes}. */
export type ErrorCode = (typeof codes)[keyof typeof codes]

/** The prefix every zmq-harness error message starts with. */
export const PREFIX = "zmq-harness: "

/** The options every zmq-harness error takes: the lower-level failure it wraps. */
export interface ErrorOptions {
  cause?: unknown
}

/**
 * Base class of every error zmq-harness throws. Each subclass stands for
 * exactly one code (its static `code`; see {@link errorClasses}), so
 * `err instanceof TimeoutError` and `err.code === "ERR_ZMQH_TIMEOUT"` always
 * agree.
 *
 * @example
 * ```ts
 * import { ZmqHarnessError } from "zmq-harness"
 * if (err instanceof ZmqHarnessError) console.log(err.code) // e.g. "ERR_ZMQH_TIMEOUT"
 * ```
 */
export abstract class ZmqHarnessError extends Error {
  /** The code of this class of error, one of {@link codes}. */
  static readonly code: ErrorCode
  /** A stable identifier, one of {@link codes}; the same as the class's static `code`. */
  readonly code: ErrorCode

  constructor(message: string, options?: ErrorOptions) {
    super(message.startsWith(PREFIX) ? message : PREFIX + message, options)
    this.code = (new.target as unknown as { code: ErrorCode }).code
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
  static override readonly code = codes.TIMEOUT
  /** What ran out of time: `"send"`, `"receive"`, `"connected"`, `"subscribed"`, … */
  readonly operation: string
  /** How long it waited, in milliseconds. */
  readonly timeout: number

  constructor(operation: string, timeout: number, message: string, options?: ErrorOptions) {
    super(message, options)
    this.operation = operation
    this.timeout = timeout
  }
}

/**
 * An argument was wrong: an option of the wrong kind or out of range, a
 * call that does not fit. The message says what is accepted.
 *
 * @example
 * ```ts
 * await req.recv({ timeout: -1 }) // UsageError, code ERR_ZMQH_INVALID_ARGUMENT
 * ```
 */
export class UsageError extends ZmqHarnessError {
  static override readonly code: ErrorCode = codes.INVALID_ARGUMENT
}

/**
 * An unknown socket type was asked for. The message lists the valid types
 * and the closest one.
 *
 * @example
 * ```ts
 * await socket("reqq" as any) // SocketTypeError, code ERR_ZMQH_SOCKET_TYPE: … Perhaps you meant "req"?
 * ```
 */
export class SocketTypeError extends UsageError {
  static override readonly code = codes.SOCKET_TYPE
}

/**
 * A malformed endpoint (`tcp://127.0.0.1` without a port, an unknown
 * transport, a path too long for ipc).
 *
 * @example
 * ```ts
 * await socket("req", { connect: "127.0.0.1:5678" }) // EndpointError: … "tcp://127.0.0.1:5678"
 * ```
 */
export class EndpointError extends UsageError {
  static override readonly code = codes.ENDPOINT
}

/**
 * The subject of an assertion is not what it works on: `receive` on
 * something that is not a test socket, `matchGolden` on something that is
 * not text. A `TypeError` in spirit; the message says what to pass.
 *
 * @example
 * ```ts
 * await expect(rawZmqSocket).to.receive([]) // InvalidSubjectError: expected a test socket …
 * ```
 */
export class InvalidSubjectError extends UsageError {
  static override readonly code = codes.INVALID_SUBJECT
}

/**
 * A bind failed because the address is taken (`EADDRINUSE`).
 *
 * @example
 * ```ts
 * await socket("rep", { bind: "tcp://127.0.0.1:5678" }) // twice: AddressInUseError naming port 5678
 * ```
 */
export class AddressInUseError extends ZmqHarnessError {
  static override readonly code = codes.ADDRESS_IN_USE
  /** The endpoint that could not be bound. */
  readonly endpoint: string

  constructor(endpoint: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.endpoint = endpoint
  }
}

/**
 * A frame that should hold JSON does not (or a body cannot be encoded as
 * JSON). The message shows the raw frame.
 *
 * @example
 * ```ts
 * await sock.recv()               // JsonDecodeError when the last frame is not JSON
 * await sock.recv({ json: false }) // Buffers as they came
 * ```
 */
export class JsonDecodeError extends ZmqHarnessError {
  static override readonly code = codes.JSON
  /** The frame as it came. */
  readonly frame: Buffer

  constructor(frame: Buffer, message: string, options?: ErrorOptions) {
    super(message, options)
    this.frame = frame
  }
}

/**
 * An operation that the socket's type or state does not allow (a receive
 * on a PUB, a second send on a REQ).
 *
 * @example
 * ```ts
 * const pub = await socket("pub", { bind: "tcp://127.0.0.1:*" })
 * await pub.recv() // SocketStateError, code ERR_ZMQH_SOCKET_STATE
 * ```
 */
export class SocketStateError extends ZmqHarnessError {
  static override readonly code: ErrorCode = codes.SOCKET_STATE
}

/**
 * An operation on a socket that was already closed.
 *
 * @example
 * ```ts
 * await sock.close()
 * await sock.send(["late"]) // SocketClosedError, code ERR_ZMQH_SOCKET_CLOSED
 * ```
 */
export class SocketClosedError extends SocketStateError {
  static override readonly code = codes.SOCKET_CLOSED
}

/**
 * A test ended with something left undone. See its two kinds,
 * {@link UnreadMessagesError} and {@link UnawaitedAssertionError}.
 *
 * @example
 * ```ts
 * if (err instanceof UnfinishedTestError) console.log(err.code)
 * ```
 */
export abstract class UnfinishedTestError extends ZmqHarnessError {}

/**
 * A test ended with messages that arrived but were never read, and
 * `failOnUnread` is set.
 *
 * @example
 * ```ts
 * configure({ failOnUnread: true }) // a test that leaves a message unread fails with UnreadMessagesError
 * ```
 */
export class UnreadMessagesError extends UnfinishedTestError {
  static override readonly code = codes.UNREAD_MESSAGES
}

/**
 * A `receive` assertion was never awaited (nor returned), so it could not
 * fail the test.
 *
 * @example
 * ```ts
 * it("forgets await", () => {
 *   expect(req).to.receive([["pong", 1]]) // the test fails with UnawaitedAssertionError
 * })
 * ```
 */
export class UnawaitedAssertionError extends UnfinishedTestError {
  static override readonly code = codes.UNAWAITED_ASSERTION
}

/**
 * How a process ended: `code` when it exited, `signal` when a signal ended it.
 *
 * @example
 * ```ts
 * const { code, signal } = await proc.exited // { code: 0, signal: null } or { code: null, signal: "SIGTERM" }
 * ```
 */
export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * A process under test exited when the test did not expect it: it crashed
 * while the test waited on it (the crash rule), or it exited before it was
 * ready. The message holds the exit status and the last 20 lines of stderr.
 *
 * @example
 * ```ts
 * try {
 *   await req.recv()
 * } catch (err) {
 *   if (err instanceof ProcessExitedError) console.log(err.status) // { code: 3, signal: null }
 * }
 * ```
 */
export class ProcessExitedError extends ZmqHarnessError {
  static override readonly code = codes.PROCESS_EXITED

  constructor(
    /** How the process ended (unknown when only its IPC channel closed). */
    readonly status: ExitStatus | undefined,
    /** The process's stderr (its retained tail). */
    readonly stderr: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }

  /** A fresh error with the same facts, so each failed wait gets a stack of its own. */
  again(): ProcessExitedError {
    return new ProcessExitedError(this.status, this.stderr, this.message)
  }
}

/**
 * The program (or module) to start does not exist, or cannot be run: no such
 * command in `PATH`, no such file, a file that is not executable. Thrown by
 * `startProcess`, `startModule` and `runProgram` alike.
 *
 * @example
 * ```ts
 * await startProcess("no-such-program") // ProcessNotFoundError, code ERR_ZMQH_PROCESS_NOT_FOUND
 * await runProgram("pongprocc") // ProcessNotFoundError: … no program of that name in PATH (…)
 * ```
 */
export class ProcessNotFoundError extends ZmqHarnessError {
  static override readonly code = codes.PROCESS_NOT_FOUND
  /** The program or module as given. */
  readonly command: string | undefined

  constructor(message: string, options?: ErrorOptions & { command?: string }) {
    super(message, options)
    this.command = options?.command
  }
}

/**
 * The system could not start a process that exists (out of process slots
 * or file descriptors, …).
 *
 * @example
 * ```ts
 * await startProcess("node", ["app.js"]) // SpawnError when `ulimit -u` is reached
 * ```
 */
export class SpawnError extends ZmqHarnessError {
  static override readonly code = codes.SPAWN
}

/**
 * A process did not become ready within `readyTimeout`: its pattern never
 * appeared, its endpoint never accepted a connection, or its `ready`
 * function failed or did not settle. The message shows the output so far.
 *
 * @example
 * ```ts
 * await startProcess("node", ["app.js"], { ready: /listening/, readyTimeout: 500 }) // NotReadyError
 * ```
 */
export class NotReadyError extends ZmqHarnessError {
  static override readonly code = codes.NOT_READY

  constructor(
    /** How long it waited, in ms. */
    readonly timeout: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * The stop strategy of a process failed: its stop message could not be
 * sent, or its stop function threw. The process was killed all the same.
 *
 * @example
 * ```ts
 * await proc.stop() // StopError when stop: { send: [closedSocket, ["quit"]] }
 * ```
 */
export class StopError extends ZmqHarnessError {
  static override readonly code = codes.STOP
}

/**
 * A child-process stub could not be installed or awaited: an unknown
 * module or export, a construction that never came, a misuse of the handle.
 *
 * @example
 * ```ts
 * await a.stub("./b", "C").constructed() // StubError: … Perhaps you meant "B"?
 * ```
 */
export class StubError extends UsageError {
  static override readonly code = codes.STUB
}

/**
 * What a program had written when it failed: kept on a {@link ProgramError}.
 *
 * @example
 * ```ts
 * const { stdout, stderr }: ProgramOutput = err as ProgramError
 * ```
 */
export interface ProgramOutput {
  /** Everything it wrote to standard output, decoded as UTF-8. */
  stdout: string
  /** Everything it wrote to standard error, decoded as UTF-8. */
  stderr: string
}

/**
 * A program run by `runProgram` did not finish in time (or the test ended
 * first): its whole process group was killed. The message shows the tail of
 * its output; `stdout` and `stderr` hold all of it. Code `ERR_ZMQH_PROGRAM`.
 *
 * @example
 * ```ts
 * try {
 *   await runProgram("node", ["server.js"], { timeout: 500 })
 * } catch (err) {
 *   if (err instanceof ProgramError) console.log(err.stdout) // the output so far
 * }
 * ```
 */
export class ProgramError extends ZmqHarnessError implements ProgramOutput {
  static override readonly code = codes.PROGRAM
  readonly stdout: string
  readonly stderr: string
  /** The command line, as shown in messages (`node server.js`). */
  readonly command: string
  /** ms from start until the program's process group was killed. */
  readonly duration: number

  constructor(
    command: string,
    output: ProgramOutput,
    duration: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.command = command
    this.stdout = output.stdout
    this.stderr = output.stderr
    this.duration = duration
  }
}

/**
 * A golden-file comparison could not be made (not a mismatch, which is a
 * chai `AssertionError`): the golden file or its folder is missing, the text
 * is binary, a normaliser threw, or the file could not be written.
 *
 * @example
 * ```ts
 * expect(out).to.matchGolden("test/data/new.out") // GoldenError: … run once with UPDATE_GOLDEN=1 …
 * ```
 */
export class GoldenError extends ZmqHarnessError {
  static override readonly code = codes.GOLDEN
  /** The golden file, as given. */
  readonly path: string

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.path = path
  }
}

// proc
/**
 * The test run was interrupted (SIGINT, SIGTERM or SIGHUP) and is ending:
 * every process under test was killed, and nothing new may start. Thrown at
 * once by `startProcess`, `startModule`, `runProgram` and `socket` after the
 * signal, so a test that goes on cannot keep the run alive.
 *
 * @example
 * ```ts
 * await startProcess("node", ["pong.js"]) // InterruptedError after Ctrl-C, code ERR_ZMQH_INTERRUPTED
 * ```
 */
export class InterruptedError extends ZmqHarnessError {
  static override readonly code = codes.INTERRUPTED

  constructor(
    /** The signal that interrupted the run. */
    readonly signal: NodeJS.Signals,
    message: string,
  ) {
    super(message)
  }
}

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
  static override readonly code = codes.LOADER_UNAVAILABLE
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
  static override readonly code = codes.NOT_REGISTERED
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
  static override readonly code = codes.ZEROMQ_COPIES
}

// link
/**
 * A fault link could not do what was asked: it could not listen on its
 * `listen` endpoint (the address is taken, the ipc path exists), or it was
 * used after it was closed. The message names the link and its seed.
 *
 * @example
 * ```ts
 * await faultyLink({ target: app, listen: "tcp://127.0.0.1:5555" }) // twice: FaultyLinkError, code ERR_ZMQH_LINK
 * ```
 */
export class FaultyLinkError extends ZmqHarnessError {
  static override readonly code: ErrorCode = codes.LINK
}

/**
 * A message-level fault (`drop`, `duplicate`, `reorder`) on a link whose
 * stream cannot be read: its ZeroMQ connections use CURVE, which encrypts
 * every frame, so the link cannot tell where a message starts. Byte-level
 * faults (`delay`, `cut`, `blackhole`, `bandwidth`) still work on it.
 *
 * @example
 * ```ts
 * link.drop({ every: 2 }) // UnreadableStreamError when a connection of the link uses CURVE
 * ```
 */
export class UnreadableStreamError extends FaultyLinkError {
  static override readonly code = codes.UNREADABLE_STREAM
}

// shard
/**
 * A shard was asked for in a form that is not `i/n` with 1 ≤ i ≤ n: in the
 * environment variable `ZMQ_HARNESS_SHARD` (checked when the plugin loads) or
 * in the `.mocharc` option `zmq-harness-shard` (checked when the run starts).
 * The message names where the value came from.
 *
 * @example
 * ```ts
 * // ZMQ_HARNESS_SHARD=5/4 mocha
 * // ShardError: zmq-harness: expected the environment variable ZMQ_HARNESS_SHARD to be i/n …
 * ```
 */
export class ShardError extends UsageError {
  static override readonly code = codes.SHARD
}

/**
 * `zmq-harness merge-artifacts` (or `mergeArtifacts()`) could not merge: an
 * input that is not a folder, an output folder that is not empty, the output
 * inside an input. The message says which path and what to do.
 *
 * @example
 * ```ts
 * await mergeArtifacts("merged", ["missing-dir"]) // MergeArtifactsError: … not a folder
 * ```
 */
export class MergeArtifactsError extends ZmqHarnessError {
  static override readonly code = codes.MERGE_ARTIFACTS
}

// peer
/**
 * A mock peer got a message that none of its expectations matches (and
 * `.allowUnmatched()` was not called). The message shows what came, the
 * closest expectation with the first difference, and the peer's transcript.
 * It fails the test that owns the peer: at once when the test waits on the
 * harness, else when the test ends.
 *
 * @example
 * ```ts
 * const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
 * backend.on(["ping", sinon.match.number]).reply(["pong", 1])
 * // the process under test sends ["ping", "1"]: the test fails with UnexpectedMessageError
 * ```
 */
export class UnexpectedMessageError extends ZmqHarnessError {
  static override readonly code = codes.UNEXPECTED_MESSAGE
}

/**
 * Expectations of a mock peer were not met: `done()` ran out of time, or the
 * test ended first. The message lists each one with how often it was
 * expected and seen ("expected ["ping", <number>] 2 times, saw it once").
 *
 * @example
 * ```ts
 * backend.on(["ping", 1]).reply(["pong", 1]).times(2)
 * await backend.done({ timeout: 500 }) // UnmetExpectationsError if only one ping came
 * ```
 */
export class UnmetExpectationsError extends ZmqHarnessError {
  static override readonly code = codes.UNMET_EXPECTATIONS
}

/**
 * A mock peer's reply could not be made: fixed frames that cannot be
 * encoded (a cycle, a BigInt, a function; thrown by `.reply()` itself), a
 * reply function that threw, or one whose result cannot be encoded (failing
 * the test that owns the peer).
 *
 * @example
 * ```ts
 * backend.on(["get"]).reply([{ n: 1n }]) // PeerReplyError: … a BigInt (1n) at frame 0.n …
 * ```
 */
export class PeerReplyError extends ZmqHarnessError {
  static override readonly code = codes.PEER_REPLY
}

// cassette
/**
 * Base of the errors about a cassette (a recorded conversation, see `record()` and
 * `replay()`): each names the cassette's file.
 *
 * @example
 * ```ts
 * if (err instanceof CassetteError) console.log(err.path) // "test/cassettes/kernel.json"
 * ```
 */
export abstract class CassetteError extends ZmqHarnessError {
  constructor(
    /** The cassette file, as shown to the user (relative to the working folder when inside it). */
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * A cassette file that is not valid JSON, or JSON that is not a zmq-harness
 * cassette (a foreign file). It is never overwritten unless the mode is `update`.
 *
 * @example
 * ```ts
 * await replay("broken", { bind: "tcp://127.0.0.1:*" }) // CassetteInvalidError: … not valid JSON …
 * ```
 */
export class CassetteInvalidError extends CassetteError {
  static override readonly code = codes.CASSETTE_INVALID
}

/**
 * A cassette written by another version of the cassette format.
 *
 * @example
 * ```ts
 * await replay("old", { bind: "tcp://127.0.0.1:*" }) // CassetteVersionError: expected version 1, got 0 …
 * ```
 */
export class CassetteVersionError extends CassetteError {
  static override readonly code = codes.CASSETTE_VERSION
}

/**
 * A cassette (or one of its channels) recorded for another socket type than the
 * one asked for.
 *
 * @example
 * ```ts
 * await replay("kernel", { type: "req", channel: "shell", bind }) // recorded for a dealer: CassetteSocketTypeError
 * ```
 */
export class CassetteSocketTypeError extends CassetteError {
  static override readonly code = codes.CASSETTE_SOCKET_TYPE
}

/**
 * A cassette (or a channel of it) that does not exist where one must: in
 * `lockdown` mode, or for `replay()`.
 *
 * @example
 * ```ts
 * process.env.ZMQ_HARNESS_CASSETTES = "lockdown"
 * await record("never-recorded", { type: "req", target }) // CassetteMissingError
 * ```
 */
export class CassetteMissingError extends CassetteError {
  static override readonly code = codes.CASSETTE_MISSING
}

// topology
/**
 * `topology()` cannot make hosts on this system: not Linux, no right to make network
 * namespaces (neither root nor inside a user namespace with `CAP_NET_ADMIN`), or a tool it needs
 * (`ip`, `nft`, `tc`, `nsenter`) is missing. `reason` says which; `topologySupport()` gives the
 * same reason without throwing, for a test to skip on.
 *
 * @example
 * ```ts
 * const support = topologySupport()
 * if (!support.ok) this.skip() // else topology() would throw TopologyUnsupportedError(support.reason)
 * ```
 */
export class TopologyUnsupportedError extends ZmqHarnessError {
  static override readonly code = codes.TOPOLOGY_UNSUPPORTED

  constructor(
    /** Why, for people: `"nft (nftables) is not installed: apt-get install nftables"`. */
    readonly reason: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/**
 * A system command of a topology failed (`ip`, `nft`, `tc`): the message names the command,
 * what it was asked, and what it printed.
 *
 * @example
 * ```ts
 * await net.bandwidth("w1", "broker", 1_000) // TopologyError if tc refused the rate
 * ```
 */
export class TopologyError extends ZmqHarnessError {
  static override readonly code: ErrorCode = codes.TOPOLOGY
}

/**
 * A host name that the topology does not have (in `net.host()`, `partition()`, `isolate()`,
 * `bandwidth()`), or a host name that is not allowed in `topology({ hosts })`. The message
 * lists the hosts and the closest name.
 *
 * @example
 * ```ts
 * net.host("wl") // UnknownHostError: … got "wl". Perhaps you meant "w1"?
 * ```
 */
export class UnknownHostError extends UsageError {
  static override readonly code = codes.UNKNOWN_HOST
}

/**
 * A partition that cannot be made: a host named in two groups (or twice in one), a one-way
 * partition from a host to itself, fewer than two groups.
 *
 * @example
 * ```ts
 * await net.partition(["broker", "w1"], ["w1", "w2"]) // PartitionError: "w1" is in two groups
 * ```
 */
export class PartitionError extends UsageError {
  static override readonly code = codes.PARTITION
}

// explore
/**
 * An order of messages that `explore()` tried failed the body (or a replay of one did). The
 * message gives the smallest failing order found (as "link, direction, message" lines), the
 * seed that replays it (`ZMQ_HARNESS_SEED=<seed>`), how many runs and orders were tried, and
 * what the run failed with (also its `cause`).
 *
 * @example
 * ```ts
 * const err = await explore({ runs: 50 }, body).catch((e: ExploreFailedError) => e)
 * console.log(err.seed, err.order.join("\n"))
 * ```
 */
export class ExploreFailedError extends ZmqHarnessError {
  static override readonly code = codes.EXPLORE
  /** The seed that replays the reported order: `ZMQ_HARNESS_SEED=<seed>` (one token, e.g. `42:0.1`). */
  readonly seed: string
  /** The reported order, one "link direction message" line per release. */
  readonly order: readonly string[]
  /** Releases that left the arrival order in it. */
  readonly reorderings: number
  /** Runs in all (searching, shrinking, the check of the replay). */
  readonly runs: number
  /** The run (1-based) that failed first. */
  readonly foundAt: number
  /** The reorderings of that first failing order, before shrinking. */
  readonly foundReorderings: number
  /** Distinct orders among the runs. */
  readonly orders: number

  constructor(
    message: string,
    facts: {
      seed: string
      order: readonly string[]
      reorderings: number
      runs: number
      foundAt: number
      foundReorderings: number
      orders: number
    },
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.seed = facts.seed
    this.order = facts.order
    this.reorderings = facts.reorderings
    this.runs = facts.runs
    this.foundAt = facts.foundAt
    this.foundReorderings = facts.foundReorderings
    this.orders = facts.orders
  }
}

/**
 * An optional package a feature needs is not installed (fast-check for `explore()`). The
 * message says what to install.
 *
 * @example
 * ```ts
 * await explore({ runs: 10 }, body) // MissingDependencyError: … npm i -D fast-check
 * ```
 */
export class MissingDependencyError extends ZmqHarnessError {
  static override readonly code = codes.MISSING_DEPENDENCY
}

/**
 * Every error class by its code: exactly one class for each code of
 * {@link codes} (a test checks it).
 *
 * @example
 * ```ts
 * import { errorClasses } from "zmq-harness"
 * err instanceof errorClasses[err.code] // true for every zmq-harness error
 * ```
 */
export const errorClasses = {
  [codes.TIMEOUT]: TimeoutError,
  [codes.SOCKET_TYPE]: SocketTypeError,
  [codes.ENDPOINT]: EndpointError,
  [codes.ADDRESS_IN_USE]: AddressInUseError,
  [codes.JSON]: JsonDecodeError,
  [codes.SOCKET_CLOSED]: SocketClosedError,
  [codes.SOCKET_STATE]: SocketStateError,
  [codes.INVALID_ARGUMENT]: UsageError,
  [codes.UNREAD_MESSAGES]: UnreadMessagesError,
  [codes.UNAWAITED_ASSERTION]: UnawaitedAssertionError,
  [codes.PROCESS_EXITED]: ProcessExitedError,
  [codes.PROCESS_NOT_FOUND]: ProcessNotFoundError,
  [codes.NOT_READY]: NotReadyError,
  [codes.STUB]: StubError,
  [codes.GOLDEN]: GoldenError,
  [codes.PROGRAM]: ProgramError,
  [codes.SPAWN]: SpawnError,
  [codes.STOP]: StopError,
  [codes.INVALID_SUBJECT]: InvalidSubjectError,
  // proc
  [codes.INTERRUPTED]: InterruptedError,
  [codes.LOADER_UNAVAILABLE]: LoaderUnavailableError,
  [codes.NOT_REGISTERED]: NotRegisteredError,
  [codes.ZEROMQ_COPIES]: ZeromqCopiesWarning,
  // link
  [codes.LINK]: FaultyLinkError,
  [codes.UNREADABLE_STREAM]: UnreadableStreamError,
  // shard
  [codes.SHARD]: ShardError,
  [codes.MERGE_ARTIFACTS]: MergeArtifactsError,
  // peer
  [codes.UNEXPECTED_MESSAGE]: UnexpectedMessageError,
  [codes.UNMET_EXPECTATIONS]: UnmetExpectationsError,
  [codes.PEER_REPLY]: PeerReplyError,
  // cassette
  [codes.CASSETTE_INVALID]: CassetteInvalidError,
  [codes.CASSETTE_VERSION]: CassetteVersionError,
  [codes.CASSETTE_SOCKET_TYPE]: CassetteSocketTypeError,
  [codes.CASSETTE_MISSING]: CassetteMissingError,
  // topology
  [codes.TOPOLOGY_UNSUPPORTED]: TopologyUnsupportedError,
  [codes.TOPOLOGY]: TopologyError,
  [codes.UNKNOWN_HOST]: UnknownHostError,
  [codes.PARTITION]: PartitionError,
  // explore
  [codes.EXPLORE]: ExploreFailedError,
  [codes.MISSING_DEPENDENCY]: MissingDependencyError,
} as const satisfies Record<ErrorCode, abstract new (...args: never[]) => ZmqHarnessError>
