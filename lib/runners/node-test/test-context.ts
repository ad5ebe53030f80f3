/**
 * The parts of node:test's `TestContext` (the `t` a test and its hooks are given) that the
 * adapter reads. A test's `beforeEach` and `afterEach` hooks are given the very object its
 * function is given, so it identifies the test. `fullName` and `filePath` are missing on older
 * Node versions.
 */
export interface TestContextLike {
  readonly name: string
  readonly fullName?: string
  /** Aborted once the test has ended (or timed out). */
  readonly signal: AbortSignal
  /** node:test's failure of the test so far (an `ERR_TEST_FAILURE`), null while none. */
  readonly error?: unknown
  readonly filePath?: string
}

/** The test's name with its suites', as node:test's reporters show it ("suite > test"). */
export function fullNameOf(t: TestContextLike): string {
  return t.fullName ?? t.name
}

/**
 * The test file: node:test's own `filePath` (Node 22.6+), else the file its process runs (one
 * file per process under `node --test`).
 */
export function fileOf(t: TestContextLike): string | undefined {
  return t.filePath ?? process.argv[1]
}
