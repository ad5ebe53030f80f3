/**
 * `this` in a {@link processTest} body and in the handlers of
 * {@link defineEvent}: Mocha's test context. Like Mocha's own `Context`, it
 * accepts whatever your hooks put on `this` (`this.req = await socket(…)` in a
 * `beforeEach`, then `yield send(this.req, …)`), typed `any`.
 *
 * To have those fields typed, declare them by merging into it, once per
 * project or per file (an opt-in; undeclared names stay `any`):
 *
 * @example
 * ```ts
 * import type { ProcessHandle, TestSocket } from "zmq-harness"
 *
 * declare module "zmq-harness" {
 *   interface TestContext {
 *     req: TestSocket
 *     pong: ProcessHandle
 *   }
 * }
 *
 * const log = defineEvent("log", async function (text: string) {
 *   await expect(this.req).to.receive([["log_message", text]]) // this.req: TestSocket
 * })
 * ```
 *
 * For a body where an undeclared name should be a type error, annotate its
 * `this` with an interface of your own that has no index signature:
 * `processTest(function* (this: PongTest) { … })` with
 * `interface PongTest extends MochaContextLike { req: TestSocket }`.
 * Mocha's own `this: Mocha.Context` works too.
 */
export interface TestContext {
  /** Mocha's timeout of the running test: read it, or change it with `ms`. */
  timeout(ms?: number | string): unknown
  /** Mocha's skip: ends the test as pending. */
  skip(): never
  /** What the suite's hooks put on `this`, as in Mocha's own `Context`. */
  [key: string]: any
}

/**
 * What a function made by {@link processTest} needs of its `this`: the part
 * of Mocha's context the harness itself uses (Mocha's `Context` has it), so
 * that `it(title, processTest(…))` type-checks whatever the suite declared.
 *
 * @example
 * ```ts
 * const fn: (this: MochaContextLike) => Promise<void> = processTest(function* () {})
 * ```
 */
export interface MochaContextLike {
  /** Mocha's timeout of the running test: read it, or change it with `ms`. */
  timeout(ms?: number | string): unknown
  /** Mocha's skip: ends the test as pending. */
  skip(): never
}
