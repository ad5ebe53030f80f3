/**
 * Mocha's test context (`this` in a test function), as far as process tests
 * need it: the library is built without Mocha's types. Everything else a
 * suite put on `this` (sockets, processes) is there too.
 *
 * @example
 * ```ts
 * const log = defineEvent("log", async function (this: TestContext, text: string) {
 *   await expect(this.logs).to.receive([["log_message", text]])
 * })
 * ```
 */
export interface TestContext {
  timeout(ms?: number | string): unknown
  skip(): never
  [key: string]: any
}
