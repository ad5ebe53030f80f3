import type * as zmq from "zeromq"
import { SocketTypeError, UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { checkNotInterrupted } from "../core/interrupt"
import { settings } from "../settings"
import { CallSite } from "../util/call-site"
import { checkDuration } from "../util/duration"
import { closestName } from "../util/closest-name"
import { endpointList } from "./endpoint"
import { checkJsonFrame, describeValue, type JsonFrame } from "../frames/frames"
import { TestSocket } from "./test-socket"
import { socketClasses, socketTypes, type SocketType } from "./types"
import { meantSocketTypeHint } from "./type-names"
import { requireRegistered } from "../core/registration"

/** The zeromq.js socket class of each socket type, for typing its options. */
export interface ZmqSocketOf {
  pair: zmq.Pair
  pub: zmq.Publisher
  sub: zmq.Subscriber
  xpub: zmq.XPublisher
  xsub: zmq.XSubscriber
  req: zmq.Request
  rep: zmq.Reply
  dealer: zmq.Dealer
  router: zmq.Router
  push: zmq.Push
  pull: zmq.Pull
}

/**
 * The harness's own options of {@link socket}, the same for every type.
 *
 * @example
 * ```ts
 * const own: HarnessSocketOptions = { bind: "tcp://127.0.0.1:*", timeout: 500, name: "server" }
 * ```
 */
export interface HarnessSocketOptions {
  /** Endpoint(s) to bind, e.g. `"tcp://127.0.0.1:*"` for a random port (read it from `sock.endpoint`). */
  bind?: string | readonly string[]
  /** Endpoint(s) to connect to. */
  connect?: string | readonly string[]
  /** Bound of every send and receive, in ms, from 0 to 2^31-1. Default 1000 (see `configure`). */
  timeout?: number
  /**
   * Which frames `recv` decodes from JSON: `-1` (the last, default), an index,
   * a list of indexes, a predicate `(frame, index, frames) => boolean`, or `false` for none.
   */
  json?: JsonFrame
  /** For sub sockets: topic prefix(es) to subscribe to. Default `""`: everything. `[]`: nothing. */
  subscribe?: string | Buffer | readonly (string | Buffer)[]
  /** How many transcript entries to keep (default 1000); `false` or 0 keeps none. */
  transcript?: number | false
  /** A name for the socket in messages and reports, e.g. `"ping client"`. */
  name?: string
}

/**
 * Options of {@link socket} for a socket of type `T`: the harness's own
 * ({@link HarnessSocketOptions}) and the writable options of that type's
 * zeromq.js socket (`routingId`, `sendHighWaterMark`, `curveServer`, …),
 * which are passed through. A key that is neither is a type error (and, from
 * JavaScript, a `UsageError` that suggests the closest option).
 * Linger is 0 unless given.
 *
 * @example
 * ```ts
 * const options: SocketOptions<"router"> = { bind: "tcp://127.0.0.1:*", mandatory: true }
 * const router = await socket("router", options)
 * ```
 */
export type SocketOptions<T extends SocketType = SocketType> = HarnessSocketOptions &
  Omit<zmq.SocketOptions<ZmqSocketOf[T]>, keyof HarnessSocketOptions>

const OWN_OPTIONS = new Set([
  "bind",
  "connect",
  "timeout",
  "json",
  "subscribe",
  "transcript",
  "name",
])

function checkType(type: unknown): asserts type is SocketType {
  // Own properties only: "constructor", "toString" and "__proto__" are on every object.
  if (typeof type === "string" && Object.hasOwn(socketClasses, type)) return
  throw new SocketTypeError(
    `expected a socket type, one of ${socketTypes.join(", ")}, got ${describeValue(type)}.` +
      meantSocketTypeHint(type, socketTypes),
  )
}

function checkCount(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new UsageError(
      `expected \`${name}\` to be a whole number (0 or more) or false, got ${describeValue(value)}.`,
    )
  }
  return value
}

/** Splits the options into the harness's own and zeromq's, checking the latter exist. */
function zmqOptions(type: SocketType, options: object): Record<string, unknown> {
  const proto = socketClasses[type].prototype as object
  const passed: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (OWN_OPTIONS.has(key)) continue
    if (!isOption(proto, key)) {
      const known = [...OWN_OPTIONS, ...optionNames(proto)]
      const guess = closestName(key, known)
      throw new UsageError(
        `expected options of a ${type} socket, got an unknown option \`${key}\`.` +
          (guess ? ` Perhaps you meant \`${guess}\`?` : "") +
          " zeromq.js options are listed at https://zeromq.github.io/zeromq.js/ (Socket options).",
      )
    }
    passed[key] = value
  }
  return passed
}

/** True when `key` is a settable option of the zeromq class (not `constructor`, `__proto__`, a method). */
function isOption(proto: object, key: string): boolean {
  // `context` is read-only on the socket but taken by its constructor.
  if (key === "context") return true
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, key)
    if (d) return d.set !== undefined
  }
  return false
}

function optionNames(proto: object): string[] {
  const names = new Set<string>()
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, name)
      if (d?.set) names.add(name)
    }
  }
  return [...names]
}

function topics(value: HarnessSocketOptions["subscribe"]): (string | Buffer)[] {
  if (value === undefined) return [""]
  return typeof value === "string" || Buffer.isBuffer(value) ? [value] : [...value]
}

/**
 * Makes a test socket: binds and/or connects it, and ties it to the running
 * test (or the suite, when made in a `before` hook), which closes it when it
 * ends. Every send and receive is bounded by `timeout`.
 *
 * @param type one of `pair pub sub xpub xsub req rep dealer router push pull`
 * @param options endpoints, bounds, JSON frame, subscriptions, zeromq options
 *
 * @example
 * ```ts
 * const router = await socket("router", { bind: "tcp://127.0.0.1:*" })
 * const req = await socket("req", { connect: router.endpoint, timeout: 500 })
 * await req.send(["ping", 1])
 * await expect(router).to.receive([sinon.match.any, "", ["ping", 1]])
 * ```
 */
export async function socket<T extends SocketType>(
  type: T,
  options: SocketOptions<T> = {} as SocketOptions<T>,
): Promise<TestSocket> {
  const site = new CallSite(socket)
  // The owner is the test running at the call: after the awaits below, Mocha may have moved on.
  const scope = currentScope()
  let sock: TestSocket | undefined
  try {
    requireRegistered()
    checkNotInterrupted("socket")
    checkType(type)
    if (options === null || typeof options !== "object") {
      throw new UsageError(`expected socket options as an object, got ${describeValue(options)}.`)
    }
    const bind = endpointList(options.bind, "bind")
    const connect = endpointList(options.connect, "connect")
    const timeout =
      options.timeout === undefined
        ? settings.timeout
        : checkDuration("socket({ timeout })", options.timeout)
    const json = checkJsonFrame("json", options.json) ?? -1
    const limit =
      options.transcript === false
        ? 0
        : (checkCount("transcript", options.transcript) ?? settings.transcriptLimit)
    const passed = zmqOptions(type, options)
    const proto = socketClasses[type].prototype as object
    const bounds = {
      ...("receiveTimeout" in proto ? { receiveTimeout: timeout } : {}),
      ...("sendTimeout" in proto ? { sendTimeout: timeout } : {}),
    }
    const raw = new socketClasses[type]({ linger: 0, ...passed, ...bounds })
    sock = new TestSocket(type, raw, { timeout, json, transcriptLimit: limit, label: options.name })
    for (const endpoint of bind) await sock.bindTo(endpoint)
    for (const endpoint of connect) sock.connectTo(endpoint)
    const wanted = topics(options.subscribe)
    // zeromq.js subscribes to everything when given no topic: an empty list must mean none.
    if (type === "sub" && wanted.length > 0)
      (raw as unknown as { subscribe(...t: (string | Buffer)[]): void }).subscribe(...wanted)
    else if (type !== "sub" && options.subscribe !== undefined) {
      throw new UsageError(
        `expected \`subscribe\` only on a sub socket, got it on a ${type} socket. ` +
          (type === "xsub"
            ? "An xsub socket subscribes by sending [1, ...topic] frames with sendFrames()."
            : "Remove it."),
      )
    }
    sock.adopt(scope)
  } catch (err) {
    if (sock) await sock.close()
    throw site.apply(err as Error)
  }
  return sock
}
