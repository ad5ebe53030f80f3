/**
 * Stubs, in one place. Two kinds share one core:
 *
 * - the shared core: `recorder.ts` (the handle: the queue of constructions,
 *   `constructed({ timeout })` and `calls()`), `fake.ts` (the fake class, made
 *   with sinon when there is one), `messages.ts` and `errors.ts` (the texts);
 * - in the test's own process: `stub-constructor.ts` (`stubConstructor`);
 * - in a process under test, the parent side: `spec.ts` (the `stubs` option),
 *   `resolve.ts`, `prepare.ts` (the child's preload and environment),
 *   `registry.ts` and `access.ts` (`proc.stub()`), `wire.ts` (the IPC reports);
 * - and `child/`, what runs inside that process (loaded by path: from `dist/`
 *   in the package, transpiled by `child-from-source.ts` from `lib/` here).
 *
 * This file is the CONTRACT with the process launcher (lib/process/*). The
 * launcher calls prepareStubs() before forking and attachStubs() after;
 * `proc.stub(module, export)` delegates to the registry.
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
