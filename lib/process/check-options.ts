import { UsageError } from "../errors"
import { TestSocket } from "../socket/test-socket"
import { receiveOnly } from "../socket/types"
import { toMessage, type FrameLike } from "../frames/frames"
import { optionalDuration } from "../util/duration"
import { checkEnv } from "./command-line"
import { checkSignal } from "./signal-names"
import { defaults, type ProcessOptions, type StopStrategy } from "./options"
import { checkReady } from "./readiness"

const KNOWN = [
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
]

/** The socket of `stop.send` / `stop.sendFrames` must be a test socket that can send. */
function checkStopSocket(
  sock: unknown,
  option: "send" | "sendFrames",
  usage: string,
): asserts sock is TestSocket {
  if (!(sock instanceof TestSocket)) {
    throw new UsageError(`expected ${usage} got ${describeItem(sock)} first, not a test socket.`)
  }
  const refusal = receiveOnly[sock.type]
  if (refusal) {
    throw new UsageError(
      `expected \`stop.${option}\` to use a socket that can send, got ${sock.name}: ${refusal}.`,
    )
  }
}

function describeItem(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? String(value)
  return `an object of class ${value.constructor?.name ?? "Object"}`
}

function checkStop(stop: unknown): StopStrategy {
  if (stop === undefined) return defaults.stop
  if (typeof stop === "function") return stop as StopStrategy
  if (stop && typeof stop === "object" && "signal" in stop) {
    checkSignal("`stop.signal`", stop.signal)
    return stop as StopStrategy
  }
  if (stop && typeof stop === "object" && "send" in stop && Array.isArray(stop.send)) {
    const [sock] = stop.send as unknown[]
    if (!(sock instanceof TestSocket) || stop.send.length < 2 || stop.send.length > 3) {
      throw new UsageError(
        `expected \`stop.send\` to be [socket, body] (or [socket, header, body]) with a test socket, got ` +
          `${stop.send.length} item(s)${sock instanceof TestSocket ? "" : " without a test socket first"}. ` +
          'Example: `stop: { send: [req, ["plzdiekthxbye", null]] }`.',
      )
    }
    checkStopSocket(sock, "send", "")
    return stop as StopStrategy
  }
  if (stop && typeof stop === "object" && "sendFrames" in stop) {
    const given = stop.sendFrames
    const usage =
      '`stop.sendFrames` to be [socket, frames] (frames: a list of strings or Buffers), e.g. `stop: { sendFrames: [dealer, ["", "QUIT"]] }`,'
    if (!Array.isArray(given) || given.length !== 2 || !Array.isArray(given[1])) {
      const shown = Array.isArray(given) ? `${given.length} item(s)` : describeItem(given)
      throw new UsageError(`expected ${usage} got ${shown}.`)
    }
    checkStopSocket(given[0], "sendFrames", usage)
    toMessage(given[1] as FrameLike[], "`stop.sendFrames`", "`stop.sendFrames`") // a bad frame fails now, not at the end of the test
    return stop as StopStrategy
  }
  throw new UsageError(
    `expected \`stop\` to be { signal: "SIGINT" }, { send: [socket, body] }, { sendFrames: [socket, frames] } ` +
      `or a function, got ${JSON.stringify(stop)}.`,
  )
}

/** Checks the options before anything is started, and fills in the defaults. */
export function checkOptions(options: ProcessOptions) {
  if (options === null || typeof options !== "object") {
    throw new UsageError(`expected an options object, got ${JSON.stringify(options)}.`)
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) {
      throw new UsageError(
        `expected options among ${KNOWN.join(", ")}, got an unknown option \`${key}\`.`,
      )
    }
  }
  checkReady(options.ready)
  checkEnv("the process", options.env)
  return {
    readyTimeout: optionalDuration("readyTimeout", options.readyTimeout, defaults.readyTimeout),
    grace: optionalDuration("grace", options.grace, defaults.grace),
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
