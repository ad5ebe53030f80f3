/**
 * A short description of any value, for error messages: its kind and its JSON (cut at 80
 * characters), with numbers, bigints and functions as themselves.
 *
 * @example
 * ```ts
 * describeValue(NaN) // "number NaN"
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null"
  if (value === undefined) return "undefined"
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`
  // JSON would show Infinity and NaN as null.
  if (typeof value === "number") return `number ${String(value)}`
  if (typeof value === "bigint") return `bigint ${String(value)}n`
  if (typeof value === "object")
    return `${value.constructor?.name ?? "an object"} ${safeJson(value)}`
  return `${typeof value} ${safeJson(value)}`
}

function safeJson(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value)
    return text.length > 80 ? text.slice(0, 80) + "…" : text
  } catch {
    return String(value)
  }
}
