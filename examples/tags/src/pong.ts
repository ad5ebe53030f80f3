/** The logic of the pong service: answer ["ping", n] with ["pong", n]. */
export function pong(request: unknown): unknown {
  if (Array.isArray(request) && request[0] === "ping") return ["pong", request[1]]
  return ["error", "unknown request"]
}
