import { SocketTypeError, UsageError } from "../errors"
import { currentScope } from "../mocha/current"
import { settings } from "../settings"
import { CallSite } from "../util/call-site"
import { closestName } from "../util/closest-name"
import { endpointList } from "./endpoint"
import { describeValue, type JsonFrame } from "./frames"
import { TestSocket } from "./test-socket"
import { socketClasses, socketTypes, type SocketType } from "./types"

/**
 * Options of {@link socket}. Any other key is passed to the zeromq.js socket
 * as an option (`routingId`, `sendHighWaterMark`, `curveServer`, …).
 */
export interface SocketOptions {
  /** Endpoint(s) to bind, e.g. `"tcp://127.0.0.1:*"` for a random port (read it from `sock.endpoint`). */
  bind?: string | readonly string[]
  /** Endpoint(s) to connect to. */
  connect?: string | readonly string[]
  /** Bound of every send and receive, in ms. Default 1000 (see `configure`). */
  timeout?: number
  /** Which frame `recv` decodes from JSON: `-1` (the last, default), an index, or `false` for none. */
  json?: JsonFrame
  /** For sub sockets: topic prefix(es) to subscribe to. Default `""`: everything. `[]`: nothing. */
  subscribe?: string | Buffer | readonly (string | Buffer)[]
  /** How many transcript entries to keep (default 1000); `false` or 0 keeps none. */
  transcript?: number | false
  /** A name for the socket in messages and reports, e.g. `"ping client"`. */
  name?: string
  /** zeromq.js socket options, passed through. Linger is 0 unless given. */
  [zmqOption: string]: unknown
}

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
  if (typeof type === "string" && type in socketClasses) return
  const guess = typeof type === "string" ? closestName(type.toLowerCase(), socketTypes) : undefined
  throw new SocketTypeError(
    `expected a socket type, one of ${socketTypes.join(", ")}, got ${describeValue(type)}.` +
      (guess ? ` Perhaps you meant "${guess}"?` : ""),
  )
}

function checkNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `expected \`${name}\` to be a number of milliseconds (0 or more), got ${describeValue(value)}.`,
    )
  }
  return value
}

function checkJson(value: unknown): JsonFrame | undefined {
  if (value === undefined || value === false || Number.isInteger(value))
    return value as JsonFrame | undefined
  throw new UsageError(
    `expected \`json\` to be a frame index (-1 for the last frame) or false, got ${describeValue(value)}.`,
  )
}

/** Splits the options into the harness's own and zeromq's, checking the latter exist. */
function zmqOptions(type: SocketType, options: SocketOptions): Record<string, unknown> {
  const proto = socketClasses[type].prototype as object
  const passed: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (OWN_OPTIONS.has(key)) continue
    if (!(key in proto)) {
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

function topics(value: SocketOptions["subscribe"]): (string | Buffer)[] {
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
export async function socket(type: SocketType, options: SocketOptions = {}): Promise<TestSocket> {
  const site = new CallSite(socket)
  // The owner is the test running at the call: after the awaits below, Mocha may have moved on.
  const scope = currentScope()
  let sock: TestSocket | undefined
  try {
    checkType(type)
    if (options === null || typeof options !== "object") {
      throw new UsageError(`expected socket options as an object, got ${describeValue(options)}.`)
    }
    const bind = endpointList(options.bind, "bind")
    const connect = endpointList(options.connect, "connect")
    const timeout = checkNumber("timeout", options.timeout) ?? settings.timeout
    const json = checkJson(options.json) ?? -1
    const limit =
      options.transcript === false
        ? 0
        : (checkNumber("transcript", options.transcript) ?? settings.transcriptLimit)
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
