/**
 * Makes the exports of transpiled TypeScript modules replaceable in the test's own process, for
 * `stubConstructor`.
 *
 * tsx (esbuild) compiles `export class B` in a CommonJS module to a getter on `module.exports`
 * that is neither writable nor configurable: nothing can replace it, and the module that does
 * `import { B } from "./b"` reads it through that getter. So, once installed (by
 * `zmq-harness/register` and the other runner entries, and when `stubConstructor` is first
 * loaded), `require()` hands out such an exports object seen through a Proxy that answers a
 * replaced name with its replacement and every other name with the real export. A Proxy may do
 * this for an accessor property (its invariants bind data properties only). Modules in
 * node_modules, and exports objects that can be changed as they are, are handed out unchanged.
 */
import Module from "node:module"

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string
}

/** The replaced names of one exports object, by the Proxy that stands for it. */
interface Overlay {
  readonly real: object
  readonly replaced: Map<PropertyKey, unknown>
}

const INSTALLED = Symbol.for("zmq-harness.exports-overlay")

const overlays = new WeakMap<object, Overlay>()
const proxies = new WeakMap<object, object>()
/** Set while `findOverlays` reads an export: every overlay the read went through. */
let probe: Overlay[] | undefined

/** True for esbuild's (and other transpilers') CommonJS form of an ES module: read-only getters. */
function hasFixedGetters(exported: object): boolean {
  for (const key of Object.getOwnPropertyNames(exported)) {
    const d = Object.getOwnPropertyDescriptor(exported, key)
    if (d && d.get && !d.set && !d.configurable) return true
  }
  return false
}

function overlayOf(real: object): object {
  const known = proxies.get(real)
  if (known) return known
  const overlay: Overlay = { real, replaced: new Map() }
  const proxy = new Proxy(real, {
    get(target, prop, receiver) {
      probe?.push(overlay)
      if (overlay.replaced.has(prop)) return overlay.replaced.get(prop)
      return Reflect.get(target, prop, receiver === proxy ? target : receiver)
    },
  })
  proxies.set(real, proxy)
  overlays.set(proxy, overlay)
  return proxy
}

/**
 * Installs the `require()` hook once per process (idempotent, shared by every copy of
 * zmq-harness). Modules required before it keep their own exports.
 *
 * @example
 * ```ts
 * installExportsOverlay() // in a runner entry, before the test files load
 * ```
 */
export function installExportsOverlay(): void {
  const state = globalThis as Record<symbol, unknown>
  if (state[INSTALLED]) return
  state[INSTALLED] = true
  const internals = Module as unknown as ModuleInternals
  const load = internals._load
  internals._load = function (this: unknown, request, parent, isMain) {
    const exported = load.apply(this, [request, parent, isMain])
    if (
      isMain ||
      exported === null ||
      typeof exported !== "object" ||
      (exported as { __esModule?: unknown }).__esModule !== true ||
      typeof request !== "string" ||
      Module.isBuiltin(request) ||
      !hasFixedGetters(exported)
    )
      return exported
    let filename: string
    try {
      filename = internals._resolveFilename(request, parent, isMain)
    } catch {
      return exported
    }
    if (/[\\/]node_modules[\\/]/.test(filename)) return exported
    return overlayOf(exported)
  }
}

/**
 * The overlays that a read of `moduleObject[name]` goes through: the module object itself when
 * it is one, or those behind its getters (tsx's and TypeScript's `import * as b` namespace
 * reads `module.exports[name]` at each access).
 */
function findOverlays(moduleObject: object, name: string): Overlay[] {
  const own = overlays.get(moduleObject)
  if (own) return [own]
  probe = []
  try {
    void (moduleObject as Record<string, unknown>)[name]
    return [...new Set(probe)]
  } catch {
    return []
  } finally {
    probe = undefined
  }
}

/**
 * Replaces `name` on the overlay behind `moduleObject`, when there is one; returns the undo,
 * or undefined when no overlay is behind it.
 *
 * @example
 * ```ts
 * const undo = replaceThroughOverlay(b, "B", fake) // b: `import * as b from "./b"` under tsx
 * undo?.()
 * ```
 */
export function replaceThroughOverlay(
  moduleObject: object,
  name: string,
  replacement: unknown,
): (() => void) | undefined {
  const found = findOverlays(moduleObject, name)
  if (found.length === 0) return undefined
  const before = found.map((o) => ({
    overlay: o,
    had: o.replaced.has(name),
    was: o.replaced.get(name),
  }))
  for (const o of found) o.replaced.set(name, replacement)
  return () => {
    for (const { overlay, had, was } of before) {
      if (had) overlay.replaced.set(name, was)
      else overlay.replaced.delete(name)
    }
  }
}

/**
 * The object that really holds `name` behind an interop namespace: `import * as b` of a plain
 * CommonJS module under tsx (esbuild's `__toESM`) or TypeScript's `esModuleInterop`
 * (`__importStar`) is a copy of getters with the module's `module.exports` as `default`.
 *
 * @example
 * ```ts
 * const holder = interopHolder(bj, "B") // bj: `import * as bj from "./b.js"`: module.exports of b.js
 * ```
 */
export function interopHolder(moduleObject: object, name: string): object | undefined {
  const d = Object.getOwnPropertyDescriptor(moduleObject, "default")
  const inner: unknown = d && "value" in d ? d.value : undefined
  if (inner === null || (typeof inner !== "object" && typeof inner !== "function")) return undefined
  if (inner === moduleObject || !Object.hasOwn(inner, name) || isNamespace(inner)) return undefined
  if ((inner as Record<string, unknown>)[name] !== (moduleObject as Record<string, unknown>)[name])
    return undefined
  const own = Object.getOwnPropertyDescriptor(inner, name)
  return own && "value" in own && (own.writable || own.configurable) ? inner : undefined
}

/**
 * True for an ES module namespace object (`import * as b` of an ES module), whose exports no
 * one can change.
 *
 * @example
 * ```ts
 * isNamespace(await import("./b.mjs")) // true
 * ```
 */
export function isNamespace(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "Module"
  )
}
