/** Error texts shared by the child preload and the in-process `stubConstructor`. */

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
