/**
 * The messages a child sends the test over the IPC channel, and how stub
 * arguments are made safe to send (IPC serializes as JSON by default).
 */

export const WIRE_TAG = "zmqHarnessStub"

export type StubMessage =
  | { [WIRE_TAG]: 1; type: "loaded"; key: string; at: number }
  | {
      [WIRE_TAG]: 1
      type: "call"
      key: string
      method: string
      args: unknown[]
      at: number
      instance: number
    }
  | { [WIRE_TAG]: 1; type: "error"; key: string; message: string }

export function isStubMessage(value: unknown): value is StubMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[WIRE_TAG] === 1
  )
}

/**
 * A copy of `value` that survives JSON: functions become `"[Function name]"`,
 * cycles `"[Circular]"`, bigints `"123n"`, deep objects are cut at depth 4.
 * Ports, endpoints, options objects come through unchanged.
 */
export function toWire(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`
  if (typeof value === "bigint") return `${value}n`
  if (typeof value === "symbol") return value.toString()
  if (value === undefined) return null
  if (value === null || typeof value !== "object") return value
  if (Buffer.isBuffer(value)) return { type: "Buffer", data: [...value] }
  if (seen.has(value)) return "[Circular]"
  if (depth >= 4) return Array.isArray(value) ? "[Array]" : "[Object]"
  seen.add(value)
  try {
    if (Array.isArray(value)) return value.map((v) => toWire(v, depth + 1, seen))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = toWire(v, depth + 1, seen)
    return out
  } finally {
    seen.delete(value)
  }
}
