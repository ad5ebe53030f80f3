import { isMatcher, isPlainObject } from "../match/match"
import { renderFrame } from "../frames/frames"

/**
 * An expected message as people read it: matchers as `<typeOf("number")>`, Buffers as
 * frames, everything else as JSON: `["ping", <typeOf("number")>]`.
 *
 * @example
 * ```ts
 * renderExpected(["ping", sinon.match.number]) // '["ping", <typeOf("number")>]'
 * ```
 */
export function renderExpected(value: unknown): string {
  if (typeof value === "function") return `<predicate ${value.name || "(anonymous)"}>`
  if (isMatcher(value)) return `<${value.message}>`
  if (Buffer.isBuffer(value)) return renderFrame(value)
  if (Array.isArray(value)) return `[${value.map(renderExpected).join(", ")}]`
  if (isPlainObject(value)) {
    const parts = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}: ${renderExpected(v)}`,
    )
    return `{${parts.join(", ")}}`
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * "once", "twice", "3 times": how often, in words.
 *
 * @example
 * ```ts
 * timesText(2) // "2 times"
 * ```
 */
export function timesText(n: number): string {
  return n === 1 ? "once" : `${n} times`
}
