import { StubError } from "../../errors"
import { isFake, makeFake, requireSinon, type SinonLike } from "../fake"
import { exportNames, missingExportMessage } from "../messages"
import type { ChildConfig, ChildTarget } from "../spec"
import { RUNTIME_KEY_NAME } from "./esm-hooks"
import { toWire, WIRE_TAG, type StubMessage } from "../wire"

/** Where the generated ES module wrappers find the runtime of this process. */
export const RUNTIME_KEY = Symbol.for(RUNTIME_KEY_NAME)

/**
 * sinon as the application would require it, else as zmq-harness would. Here
 * it is optional, unlike in `stubConstructor`: the calls reach the test over
 * IPC either way, and only the child's own code could see the spies.
 */
function loadSinon(modulePath: string): SinonLike | undefined {
  try {
    return requireSinon([modulePath, __filename])
  } catch {
    return undefined
  }
}

/**
 * The stubs of one child process: makes one fake per stubbed export, puts it
 * in place of the real export whichever loader loads the module, and reports
 * what happens to the test over the IPC channel.
 */
export class ChildRuntime {
  private readonly started = Date.now()
  private readonly byFilename = new Map<string, ChildTarget[]>()
  private readonly byUrl = new Map<string, ChildTarget[]>()
  private readonly fakes = new Map<string, (...args: any[]) => any>()
  private readonly wrapped = new WeakMap<object, unknown>()
  private readonly loaded = new Set<string>()
  private readonly sinon: SinonLike | undefined

  constructor(
    readonly config: ChildConfig,
    private readonly send: (message: StubMessage) => void,
  ) {
    for (const target of config.targets) {
      this.byFilename.set(target.filename, [
        ...(this.byFilename.get(target.filename) ?? []),
        target,
      ])
      this.byUrl.set(target.url, [...(this.byUrl.get(target.url) ?? []), target])
    }
    this.sinon = loadSinon(config.modulePath)
  }

  /** True when `filename` (as the CommonJS loader resolved it) is stubbed. */
  isTarget(filename: string): boolean {
    return this.byFilename.has(filename)
  }

  private fakeFor(target: ChildTarget): (...args: any[]) => any {
    let fake = this.fakes.get(target.key)
    if (!fake) {
      fake = makeFake({
        name: target.export === "default" ? "default" : target.export,
        returns: target.returns,
        sinon: this.sinon,
        // One clock for the whole child, so "loaded" and the calls line up.
        since: this.started,
        report: (call) =>
          this.send({
            [WIRE_TAG]: 1,
            type: "call",
            key: target.key,
            ...call,
            args: call.args.map((a) => toWire(a)),
          }),
      })
      this.fakes.set(target.key, fake)
    }
    return fake
  }

  private now(): number {
    return Date.now() - this.started
  }

  /** Checks that the module has the export; reports and throws when it does not. */
  private check(target: ChildTarget, real: unknown, has: boolean): void {
    if (!this.loaded.has(target.key)) {
      this.loaded.add(target.key)
      this.send({ [WIRE_TAG]: 1, type: "loaded", key: target.key, at: this.now() })
    }
    if (has) return
    const message = missingExportMessage(`"${target.module}"`, target.export, exportNames(real))
    this.send({ [WIRE_TAG]: 1, type: "error", key: target.key, message })
    // The application cannot run with a stub that is not there: fail its import.
    throw new StubError(message)
  }

  /** What `require()` returns for a stubbed CommonJS module (`real` is its module.exports). */
  wrapCommonJs(filename: string, real: unknown): unknown {
    const targets = this.byFilename.get(filename) ?? []
    if (real === null || (typeof real !== "object" && typeof real !== "function")) return real
    const cached = this.wrapped.get(real)
    if (cached) return cached
    const replacements = new Map<PropertyKey, unknown>()
    let whole: unknown
    for (const target of targets) {
      const exportsItself = target.export === "default" && !("default" in real)
      this.check(target, real, exportsItself || target.export in real)
      if (exportsItself) whole = this.fakeFor(target)
      else if (!isFake((real as Record<string, unknown>)[target.export]))
        replacements.set(target.export, this.fakeFor(target))
    }
    const result = whole ?? this.replaceIn(real, replacements)
    this.wrapped.set(real, result)
    return result
  }

  /**
   * `real` seen through a Proxy that answers the stubbed names with fakes, so
   * the other exports stay live. A frozen export cannot be answered for by a
   * Proxy (its invariants forbid it), so such a module gets a copy instead.
   */
  private replaceIn(real: object, replacements: Map<PropertyKey, unknown>): unknown {
    if (replacements.size === 0) return real
    const frozen = [...replacements.keys()].some((name) => {
      const d = Object.getOwnPropertyDescriptor(real, name)
      return d && !d.configurable && "value" in d && !d.writable
    })
    if (frozen) {
      const copy = Object.create(
        Object.getPrototypeOf(real),
        Object.getOwnPropertyDescriptors(real),
      )
      for (const [name, fake] of replacements)
        Object.defineProperty(copy, name, { value: fake, enumerable: true })
      return copy
    }
    return new Proxy(real, {
      get: (target, prop, receiver) =>
        replacements.has(prop) ? replacements.get(prop) : Reflect.get(target, prop, receiver),
    })
  }

  /** Called by the generated ES module wrapper: the fakes for the stubbed names of `url`. */
  esm(url: string, namespace: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const target of this.byUrl.get(url) ?? []) {
      this.check(target, namespace, target.export in namespace)
      const real = namespace[target.export]
      // A CommonJS module may already have come through the require hook.
      out[target.export] = isFake(real) ? real : this.fakeFor(target)
    }
    return out
  }

  /** `url` → the export names stubbed there, for the loader hooks. */
  esmTargets(): Array<{ url: string; exports: string[] }> {
    return [...this.byUrl].map(([url, targets]) => ({ url, exports: targets.map((t) => t.export) }))
  }
}
