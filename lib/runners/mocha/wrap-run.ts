/** A Mocha class whose instances `run()`: Mocha itself, Runner, Runnable. */
export interface RunPatchable {
  prototype: { run(this: unknown, ...args: unknown[]): unknown }
}

/**
 * Makes `target`'s `run()` call `before(instance)` first, once per `mark`: a second call with
 * the same mark (the plugin loaded twice by one Mocha) leaves the prototype as it is. The mark
 * decides who shares the patch: `Symbol()` for one copy of the plugin, `Symbol.for()` for all.
 *
 * @example
 * ```ts
 * wrapRun(mocha.Runner, Symbol("zmq-harness.x"), (runner) => console.log(runner.total))
 * ```
 */
export function wrapRun(target: RunPatchable, mark: symbol, before: (self: any) => void): void {
  const proto = target.prototype as RunPatchable["prototype"] & Record<symbol, boolean>
  if (proto[mark]) return
  const original = proto.run
  proto.run = function (this: unknown, ...args: unknown[]) {
    before(this)
    return original.apply(this, args)
  }
  proto[mark] = true
}
