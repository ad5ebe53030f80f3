import { StubError, UsageError } from "../errors"

/**
 * One export to replace inside a process under test (the `stubs` option of
 * `startModule`).
 *
 * @example
 * ```ts
 * const a = await startModule("src/a.ts", [], {
 *   stubs: [{ module: "./b", export: "B", returns: { start: true } }],
 * })
 * ```
 */
export interface StubSpec {
  /** The specifier as the application writes it (`"./b"`), resolved from the started module's folder, or a package name. */
  module: string
  /** The export to replace (`"B"`; `"default"` for a default export or for `module.exports` itself). */
  export: string
  /**
   * Values the fake instance's methods return, by method name
   * (`{ start: true }`); every other method returns undefined. Sent to the
   * child when it starts, so they must survive JSON.
   */
  returns?: Record<string, unknown>
}

/** What the child preload is told about one stub (through the environment). */
export interface ChildTarget {
  /** Names the stub in IPC reports: {@link stubKey}. */
  key: string
  module: string
  export: string
  /** The real path of the module file, as the CommonJS loader resolves it. */
  filename: string
  /** The same as a `file:` URL, as the ES module loader resolves it. */
  url: string
  returns?: Record<string, unknown>
}

export interface ChildConfig {
  /** The started module, from whose folder `sinon` is required. */
  modulePath: string
  targets: ChildTarget[]
}

/** The environment variable that carries the {@link ChildConfig} (the child removes it at once). */
export const STUBS_ENV = "ZMQ_HARNESS_STUBS"

/** How a stub is named between the test and the child. */
export function stubKey(module: string, exportName: string): string {
  return `${module}#${exportName}`
}

/** How a stub is named in messages: `stub B of "./b"`. */
export function stubLabel(module: string, exportName: string): string {
  return `stub ${exportName} of "${module}"`
}

function badSpec(index: number, got: string, hint: string): UsageError {
  return new StubError(`expected stubs[${index}] to be { module, export }, got ${got}. ${hint}`)
}

/** Checks the `stubs` option; throws a UsageError that says what is wrong. */
export function checkSpecs(stubs: unknown): StubSpec[] {
  if (!Array.isArray(stubs)) {
    throw new StubError(
      `expected the stubs option to be a list of { module, export }, got ${typeof stubs}. ` +
        `Write stubs: [{ module: "./b", export: "B" }].`,
    )
  }
  const seen = new Set<string>()
  return stubs.map((spec: unknown, index) => {
    const s = spec as Partial<StubSpec> | null
    if (typeof s !== "object" || s === null) {
      throw badSpec(index, String(spec), `Write { module: "./b", export: "B" }.`)
    }
    if (typeof s.module !== "string" || s.module === "") {
      throw badSpec(
        index,
        `module ${JSON.stringify(s.module)}`,
        `Give the specifier as the application imports it ("./b" or a package name).`,
      )
    }
    if (typeof s.export !== "string" || s.export === "") {
      throw badSpec(
        index,
        `export ${JSON.stringify(s.export)}`,
        `Name the export to replace ("B", or "default").`,
      )
    }
    if (
      s.returns !== undefined &&
      (typeof s.returns !== "object" || s.returns === null || Array.isArray(s.returns))
    ) {
      throw badSpec(
        index,
        `returns ${JSON.stringify(s.returns)}`,
        `Give returns as { method: value }.`,
      )
    }
    const key = stubKey(s.module, s.export)
    if (seen.has(key)) {
      throw badSpec(
        index,
        `export ${s.export} of "${s.module}" a second time`,
        `List each export once.`,
      )
    }
    seen.add(key)
    return { module: s.module, export: s.export, ...(s.returns ? { returns: s.returns } : {}) }
  })
}
