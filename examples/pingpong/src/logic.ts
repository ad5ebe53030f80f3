/**
 * The pong process's message handling, free of sockets so it can be unit
 * tested: a message in, what to answer (if anything) and whether to stop.
 */

/** The message that asks a pong process to stop (it sends no reply). */
export const STOP: readonly ["plzdiekthxbye", null] = ["plzdiekthxbye", null]

export interface Outcome {
  /** The JSON reply to send, or `undefined` to send none. */
  reply?: unknown
  /** True when the process should stop after this message. */
  stop: boolean
}

function isPing(message: unknown): message is ["ping", number] {
  return (
    Array.isArray(message) &&
    message.length === 2 &&
    message[0] === "ping" &&
    Number.isInteger(message[1])
  )
}

function isStop(message: unknown): boolean {
  return (
    Array.isArray(message) && message.length === 2 && message[0] === STOP[0] && message[1] === null
  )
}

/** Decides what to do with one decoded message. */
export function handle(message: unknown): Outcome {
  if (isPing(message)) return { reply: ["pong", message[1]], stop: false }
  if (isStop(message)) return { stop: true }
  return {
    reply: [
      "error",
      `expected ["ping", <integer>] or ${JSON.stringify(STOP)}, got ${JSON.stringify(message)}`,
    ],
    stop: false,
  }
}

/** Decodes one JSON frame; a frame that is not JSON becomes an error reply instead of a crash. */
export function decode(
  frame: Buffer,
): { ok: true; message: unknown } | { ok: false; reply: unknown } {
  try {
    return { ok: true, message: JSON.parse(frame.toString("utf8")) }
  } catch {
    return {
      ok: false,
      reply: ["error", `expected a JSON frame, got ${JSON.stringify(frame.toString("utf8"))}`],
    }
  }
}

/** The endpoint a pong process binds: a port from the command line, or a random one. */
export function bindEndpoint(argv: readonly string[]): string {
  const [port] = argv
  if (port === undefined) return "tcp://127.0.0.1:*"
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`expected a port number (1-65535), got ${JSON.stringify(port)}`)
  }
  return `tcp://127.0.0.1:${port}`
}

/** One line of the ping client's output. */
export function formatExchange(sent: unknown, received: unknown): string {
  return `${JSON.stringify(sent)} -> ${JSON.stringify(received)}`
}
