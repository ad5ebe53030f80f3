/**
 * The replacement for a stubbed export: a function that works both as a class
 * (`new B(port)`) and as a factory (`createB(port)`). Both kinds of call count
 * as a construction and return a fake instance on which every method is a
 * no-op (or returns the value configured for it). Shared by the child preload
 * and by the in-process `stubConstructor`.
 *
 * Runs in the child too: import nothing here but Node's modules and types
 * (see CHILD_FILES in child-from-source.ts).
 */
import { createRequire } from "node:module"
import type { StubCall } from "./recorder"

/** The parts of sinon used here; sinon is an optional peer dependency. */
export interface SinonLike {
  spy<F extends (...args: any[]) => any>(fn: F): F
}

/**
 * sinon, required as a module at each of `from` would require it (the first
 * that finds it wins). Throws the first place's error when none does: the
 * caller decides whether sinon is optional (in a child, the fakes then are
 * plain functions) or needed (`stubConstructor` hands out the spy).
 *
 * @example
 * ```ts
 * const sinon = requireSinon<SinonLike>([modulePath, __filename])
 * ```
 */
export function requireSinon<S extends SinonLike = SinonLike>(from: readonly string[]): S {
  let first: unknown
  for (const place of from) {
    try {
      return createRequire(place)("sinon") as S
    } catch (err) {
      first ??= err
    }
  }
  throw first
}

export interface FakeOptions {
  /** The export's name, given to the fake function. */
  name: string
  /** Values returned by instance methods, by method name. Others return undefined. */
  returns?: Record<string, unknown>
  /**
   * Called for every construction (`method: "new"`) and method call, with the
   * 1-based instance number and the time in ms since `since`.
   */
  report(call: StubCall): void
  /** When the stub was installed (`Date.now()`): the zero of {@link StubCall.at}. */
  since: number
  /** When given, the fake and every method are sinon spies. */
  sinon?: SinonLike
}

/**
 * Properties that must not read as methods, or the fake would look like a
 * promise (`then`), a JSON value, a React element… to code that probes it.
 */
const NOT_METHODS = new Set([
  "then",
  "catch",
  "finally",
  "toJSON",
  "constructor",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
])

const fakes = new WeakSet<object>()

/** True for a function made by {@link makeFake} (so it is never wrapped twice). */
export function isFake(value: unknown): boolean {
  return (
    (typeof value === "function" || typeof value === "object") && value !== null && fakes.has(value)
  )
}

/**
 * Makes the replacement function.
 *
 * @example
 * ```ts
 * const B = makeFake({ name: "B", since: Date.now(), report: (call) => recorder.record(call) })
 * new B(5678) // reports { method: "new", args: [5678], at: 0, instance: 1 }
 * ```
 */
export function makeFake({
  name,
  returns = {},
  report: reportCall,
  since,
  sinon,
}: FakeOptions): (...args: any[]) => any {
  let instances = 0
  const report = (method: string, args: unknown[], instance: number) =>
    reportCall({ method, args, at: Date.now() - since, instance })
  const spy = <F extends (...args: any[]) => any>(fn: F): F => (sinon ? sinon.spy(fn) : fn)

  function fakeInstance(prototype: object, instance: number): object {
    const methods = new Map<string, (...args: unknown[]) => unknown>()
    const method = (methodName: string) => {
      const value = returns[methodName]
      return spy(function (...args: unknown[]) {
        report(methodName, args, instance)
        return value
      })
    }
    // Any property the application reads and never set is a no-op method: the
    // real class's `start`, `stop`, `join`… need not be known in advance.
    return new Proxy(Object.create(prototype), {
      get(target, prop, receiver) {
        if (typeof prop === "symbol" || NOT_METHODS.has(prop) || prop in target) {
          return Reflect.get(target, prop, receiver)
        }
        let m = methods.get(prop)
        if (!m) {
          m = method(prop)
          methods.set(prop, m)
        }
        return m
      },
    })
  }

  const fake = function (this: unknown, ...args: unknown[]) {
    const instance = ++instances
    report("new", args, instance)
    // Called with or without `new`, it returns a fake instance: a class and a
    // factory are replaced alike.
    return fakeInstance(replacement.prototype as object, instance)
  }
  Object.defineProperty(fake, "name", { value: name })
  const replacement = spy(fake)
  fakes.add(replacement)
  return replacement
}
