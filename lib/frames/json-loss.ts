/**
 * Values that JSON cannot carry as they are. `JSON.stringify` throws for some (a BigInt, a
 * cycle) and silently changes others: `NaN` and `Infinity` become `null`, a Symbol, a function
 * or `undefined` in a list becomes `null`, a `Map` or a `Set` becomes `{}`, a Symbol value of
 * a key drops the key. A body sent that way is not the body the test wrote, and an expected
 * frame holding one can never match a decoded JSON frame: both are mistakes to name at the call.
 *
 * Keys whose value is `undefined` (or a function) are left alone: dropping them is what JSON
 * does by design, and `{ id, extra: undefined }` is common JavaScript.
 */

/** What to skip while walking: values that stand for a frame test rather than data. */
export type SkipValue = (value: unknown) => boolean

/**
 * The first value in `value` that JSON cannot carry as it is, described with its path
 * ("NaN at body[1]", "a Map at body.index", "a cycle at body.self (it refers back to body)"),
 * or undefined when there is none. Objects with a `toJSON` (a Date) are taken as their JSON.
 *
 * @param skip values not to look into (sinon matchers in an expected message)
 * @example
 * ```ts
 * jsonLoss([1, NaN], "body") // "NaN at body[1] (JSON would send null)"
 * ```
 */
export function jsonLoss(value: unknown, path: string, skip?: SkipValue): string | undefined {
  return walk(value, path, [], skip, false)
}

function walk(
  value: unknown,
  path: string,
  ancestors: { value: object; path: string }[],
  skip: SkipValue | undefined,
  inList: boolean,
): string | undefined {
  if (skip?.(value)) return undefined
  switch (typeof value) {
    case "bigint":
      return `a BigInt (${value}n) at ${path}`
    case "number":
      return Number.isFinite(value) ? undefined : `${value} at ${path} (JSON would send null)`
    case "symbol":
      return `a Symbol at ${path} (JSON would ${inList ? "send null" : "drop it"})`
    case "function":
    case "undefined":
      if (!inList) return undefined
      return `${typeof value === "function" ? "a function" : "undefined"} at ${path} (JSON would send null)`
    case "object":
      break
    default:
      return undefined
  }
  if (value === null || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return undefined
  if (value instanceof Map || value instanceof Set) {
    return `a ${value instanceof Map ? "Map" : "Set"} at ${path} (JSON would send {})`
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON
  if (typeof toJSON === "function") {
    let replaced: unknown
    try {
      replaced = toJSON.call(value, path)
    } catch {
      return undefined // JSON.stringify will say it
    }
    if (replaced !== value) return walk(replaced, path, ancestors, skip, inList)
  }
  const seen = ancestors.find((a) => a.value === value)
  if (seen) return `a cycle at ${path} (it refers back to ${seen.path})`
  const inner = [...ancestors, { value, path }]
  const list = Array.isArray(value)
  for (const [key, child] of Object.entries(value)) {
    const childPath = list
      ? `${path}[${key}]`
      : /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`
    const found = walk(child, childPath, inner, skip, list)
    if (found) return found
  }
  return undefined
}
