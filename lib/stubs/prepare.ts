import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { StubError } from "../errors"
import { preloadFromSource } from "./child-from-source"
import { resolveStubModule } from "./resolve"
import { checkSpecs, STUBS_ENV, stubKey, type ChildConfig, type StubSpec } from "./spec"

/** Run from TypeScript sources (this project's own tests) rather than from `dist/`. */
const FROM_SOURCE = __filename.endsWith(".ts")

/**
 * The preload for the child: compiled JavaScript from `dist/`, or transpiled
 * from the sources. Given by path, so the package must ship it there
 * (scripts/package-check/contents.js checks it does).
 */
function preloadArgs(): string[] {
  return [
    "--require",
    FROM_SOURCE ? preloadFromSource() : path.join(__dirname, "child", "preload.js"),
  ]
}

/**
 * What the child needs: extra `execArgv` (the preload hook) and environment
 * (the stubs, resolved to files). Throws a UsageError for a bad spec or a
 * module that cannot be resolved from the started module's folder. No stubs:
 * nothing to add.
 *
 * @example
 * ```ts
 * const { execArgv, env } = prepareStubs([{ module: "./b", export: "B" }], "src/a.ts")
 * fork("src/a.ts", [], { execArgv: [...tsNode, ...execArgv], env: { ...process.env, ...env } })
 * ```
 */
export function prepareStubs(
  stubs: StubSpec[],
  modulePath: string,
): { execArgv: string[]; env: Record<string, string> } {
  const specs = checkSpecs(stubs)
  if (specs.length === 0) return { execArgv: [], env: {} }
  const config: ChildConfig = {
    modulePath: path.resolve(modulePath),
    targets: specs.map((spec) => {
      const filename = resolveStubModule(spec.module, modulePath)
      return {
        key: stubKey(spec.module, spec.export),
        ...spec,
        filename,
        url: pathToFileURL(filename).href,
      }
    }),
  }
  let env: string
  try {
    env = JSON.stringify(config)
  } catch (err) {
    throw new StubError(
      `expected the stubs' returns to survive JSON, got: ${(err as Error).message}. Give plain values.`,
      { cause: err },
    )
  }
  return { execArgv: preloadArgs(), env: { [STUBS_ENV]: env } }
}
