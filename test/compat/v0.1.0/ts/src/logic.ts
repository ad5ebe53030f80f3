// src/logic.ts of docs/getting-started.md (v0.1.0), as printed.
export function handle(message: unknown): { reply?: unknown; stop: boolean } {
  if (Array.isArray(message) && message[0] === "ping") return { reply: ["pong", message[1]], stop: false }
  if (Array.isArray(message) && message[0] === "plzdiekthxbye") return { stop: true }
  return { reply: ["error", `unexpected ${JSON.stringify(message)}`], stop: false }
}
