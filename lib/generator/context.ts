/**
 * Mocha's test context (`this` in a test function), as far as process tests
 * need it: the library is built without Mocha's types. Everything else a
 * suite put on `this` (sockets, processes) is there too.
 */
export interface TestContext {
  timeout(ms?: number | string): unknown
  skip(): never
  [key: string]: any
}
