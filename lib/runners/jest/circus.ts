/** The parts of jest-circus (Jest's runner since Jest 27) that the adapter reads. */

/** A test as jest-circus keeps it. */
export interface CircusTest {
  name: string
  parent?: { name: string; parent?: unknown }
  concurrent?: boolean
  duration?: number | null
  /** What the test failed with: `[error, asyncError]` pairs, or errors pushed alone. */
  errors: unknown[]
}

/** A jest-circus event, as its handlers get it. */
export interface CircusEvent {
  name: string
  test?: CircusTest
  error?: unknown
}

/** jest-circus's state, as its handlers get it. */
export interface CircusState {
  testTimeout?: number
}

export type CircusHandler = (event: CircusEvent, state: CircusState) => void | Promise<void>

/**
 * jest-circus's event handlers of this test file: an array on the file's global object, which
 * jest-circus's own `addEventHandler` appends to, and whose handlers it awaits one after the
 * other at each event (so a handler can hold the test until a close is done). Undefined under
 * another runner (jest-jasmine2).
 */
export function circusHandlers(): CircusHandler[] | undefined {
  const handlers = (globalThis as Record<symbol, unknown>)[Symbol.for("EVENT_HANDLERS")]
  return Array.isArray(handlers) ? (handlers as CircusHandler[]) : undefined
}

/** The titles of a test and its `describe` blocks, outermost first, as Jest's reporters join them. */
export function fullTitleOf(test: CircusTest): string {
  const names = [test.name]
  for (let block = test.parent as CircusTest["parent"]; block;) {
    // jest-circus's root block is named "ROOT_DESCRIBE_BLOCK".
    if (block.parent) names.unshift(block.name)
    block = block.parent as CircusTest["parent"]
  }
  return names.join(" ")
}
