import { codes, UsageError } from "../errors"
import { TestSocket } from "../socket/test-socket"
import { receiveOnly } from "../socket/types"
import { defaults, type ProcessOptions, type StopStrategy } from "./options"
import { checkReady } from "./readiness"

const KNOWN = new Set([
  "cwd",
  "env",
  "ready",
  "readyTimeout",
  "stop",
  "grace",
  "stubs",
  "failOnExit",
  "loader",
  "execArgv",
])

function checkMs(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      codes.INVALID_ARGUMENT,
      `expected \`${name}\` to be a number of milliseconds (0 or more), got ${JSON.stringify(value)}.`,
    )
  }
  return value
}

function checkStop(stop: unknown): StopStrategy {
  if (stop === undefined) return defaults.stop
  if (typeof stop === "function") return stop as StopStrategy
  if (stop && typeof stop === "object" && "signal" in stop && typeof stop.signal === "string")
    return stop as StopStrategy
  if (stop && typeof stop === "object" && "send" in stop && Array.isArray(stop.send)) {
    const [sock] = stop.send as unknown[]
    if (!(sock instanceof TestSocket) || stop.send.length < 2 || stop.send.length > 3) {
      throw new UsageError(
        codes.INVALID_ARGUMENT,
        `expected \`stop.send\` to be [socket, body] (or [socket, header, body]) with a test socket, got ` +
          `${stop.send.length} item(s)${sock instanceof TestSocket ? "" : " without a test socket first"}. ` +
          'Example: `stop: { send: [req, ["plzdiekthxbye", null]] }`.',
      )
    }
    const refusal = receiveOnly[sock.type]
    if (refusal) {
      throw new UsageError(
        codes.INVALID_ARGUMENT,
        `expected \`stop.send\` to use a socket that can send, got ${sock.name}: ${refusal}.`,
      )
    }
    return stop as StopStrategy
  }
  throw new UsageError(
    codes.INVALID_ARGUMENT,
    `expected \`stop\` to be { signal: "SIGINT" }, { send: [socket, body] } or a function, got ${JSON.stringify(stop)}.`,
  )
}

/** Checks the options before anything is started, and fills in the defaults. */
export function checkOptions(options: ProcessOptions) {
  if (options === null || typeof options !== "object") {
    throw new UsageError(
      codes.INVALID_ARGUMENT,
      `expected an options object, got ${JSON.stringify(options)}.`,
    )
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) {
      throw new UsageError(
        codes.INVALID_ARGUMENT,
        `expected options among ${[...KNOWN].join(", ")}, got an unknown option \`${key}\`.`,
      )
    }
  }
  checkReady(options.ready)
  return {
    readyTimeout: checkMs("readyTimeout", options.readyTimeout, defaults.readyTimeout),
    grace: checkMs("grace", options.grace, defaults.grace),
    stop: checkStop(options.stop),
    failOnExit: options.failOnExit ?? true,
  }
}

/** The test's environment with `env` merged over it (`undefined` removes a variable). */
export function mergeEnv(
  env: ProcessOptions["env"],
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete merged[key]
    else merged[key] = value
  }
  return merged
}
