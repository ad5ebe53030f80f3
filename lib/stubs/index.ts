/**
 * CONTRACT between the process launcher (lib/process/*) and child stubs
 * (lib/process/stubs/*). The launcher calls prepareStubs() before forking and
 * attachStubs() after; `proc.stub(module, export)` delegates to the registry.
 *
 * @example
 * ```ts
 * const { execArgv, env } = prepareStubs(options.stubs, modulePath)
 * const child = fork(modulePath, args, { execArgv: [...execArgv], env: { ...process.env, ...env } })
 * const registry = attachStubs(child, options.stubs, () => describeProcess())
 * const [port] = await registry.stub("./b", "B").constructed()
 * ```
 */
export type { StubSpec } from "./spec"
export type { StubCall, StubHandle } from "./recorder"
export { DEFAULT_CONSTRUCTED_TIMEOUT } from "./recorder"
export type { StubRegistry } from "./registry"
export { prepareStubs } from "./prepare"
export { attachStubs } from "./registry"
export { stubsNeedIpcError } from "./errors"
