/**
 * Error texts shared by the child preload, the launcher and the in-process
 * `stubConstructor`. Runs in the child too: no imports here.
 */

/** The names a module object exports, for "it exports: …" hints. */
export function exportNames(moduleObject: unknown): string[] {
  if (
    moduleObject === null ||
    (typeof moduleObject !== "object" && typeof moduleObject !== "function")
  )
    return []
  const names = Object.keys(moduleObject).filter((k) => k !== "__esModule")
  // `module.exports = B`: the module itself is its default export.
  if (typeof moduleObject === "function" && !names.includes("default")) names.unshift("default")
  return names
}

/** `expected "./b" to export C, got a module that exports: B, helper. …` (`what`: `"./b"` with its quotes). */
export function missingExportMessage(what: string, exportName: string, names: string[]): string {
  const list =
    names.length > 0
      ? `a module that exports: ${names.join(", ")}`
      : "a module that exports nothing"
  return (
    `zmq-harness: expected ${what} to export ${exportName}, got ${list}. ` +
    `Name one of its exports in the stub (use "default" for a default export or for module.exports itself).`
  )
}

/**
 * A process without an IPC channel was asked for stubs. Two texts, because
 * the two places know different things: the launcher knows how the process
 * was started (and refuses before it starts); the child's preload, the last
 * line of defence, only sees that it has no channel.
 */
export const NEEDS_IPC = {
  /** Said by the launcher ({@link stubsNeedIpcError}). */
  launcher:
    "expected a process with an IPC channel for stubs, got one started without it. " +
    "Start the module with startModule (it always has one), or drop the stubs option.",
  /** Said by the preload inside the child, which then exits before the application runs. */
  child:
    "expected an IPC channel to report stub calls on, got a process without one. " +
    "Start the module with startModule (it always has one), or drop the stubs option.",
}
