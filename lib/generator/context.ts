/**
 * `this` in a {@link processTest} body and in the handlers of
 * {@link defineEvent}: Mocha's test context, typed. It holds what the
 * harness uses of Mocha's context; declare what your suites put on `this`
 * (sockets, processes) by merging into it, once per project or per file:
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
 * A body may instead annotate `this` with any type, Mocha's own included:
 * `processTest(function* (this: Mocha.Context) { … })`.
 */
export interface TestContext {
  /** Mocha's timeout of the running test: read it, or change it with `ms`. */
  timeout(ms?: number | string): unknown
  /** Mocha's skip: ends the test as pending. */
  skip(): never
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
export type MochaContextLike = Pick<TestContext, "timeout" | "skip">
