import * as fs from "node:fs"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import { LoaderUnavailableError, UsageError } from "../errors"

/**
 * How `startModule` runs a TypeScript module:
 * - `"tsx"`: tsx's hooks (`--require tsx/cjs` for CommonJS, `--import tsx` for ES
 *   modules), esbuild underneath, any TypeScript version;
 * - `"ts-node"`: ts-node, transpile-only (needs a TypeScript with a JavaScript API: 5 or 6);
 * - `"strip-types"`: Node's own type stripping (Node 22.6 and later);
 * - `"none"`: plain `node`, no loader.
 *
 * @example
 * ```ts
 * await startModule("src/app.mts", [], { loader: "tsx" })
 * ```
 */
export type ModuleLoader = "tsx" | "ts-node" | "strip-types" | "none"

/** Every loader, in the order of the default choice (`none` is never a default for TypeScript). */
export const LOADERS: readonly ModuleLoader[] = ["tsx", "ts-node", "strip-types", "none"]

const TYPESCRIPT = /\.[cm]?tsx?$/

/** How to install each loader, for the error that says none was found. */
const INSTALL = "npm install --save-dev tsx"

/** A loader's Node options, or why it cannot run here. */
type Found = { execArgv: string[] } | { missing: string }

/** Where the user's project is: the module's folder, then the test's working directory. */
export function projectPaths(file: string): string[] {
  return [path.dirname(file), process.cwd()]
}

function resolveFrom(request: string, paths: string[]): string | undefined {
  try {
    return require.resolve(request, { paths })
  } catch {
    return undefined
  }
}

/** The `type` of the package that holds `file` (`"commonjs"` when none says). */
function packageType(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json")
    if (fs.existsSync(manifest)) {
      try {
        return (
          (JSON.parse(fs.readFileSync(manifest, "utf8")) as { type?: string }).type ?? "commonjs"
        )
      } catch {
        return "commonjs"
      }
    }
    if (path.dirname(dir) === dir) return "commonjs"
  }
}

/** True when Node loads `file` through its ES module loader: `.mts`, or any file of a `"type": "module"` package. */
function runsAsEsm(file: string): boolean {
  // A `.cts` main module in such a package goes through Node's ES loader too.
  return file.endsWith(".mts") || packageType(file) === "module"
}

function tsx(file: string, paths: string[]): Found {
  if (!runsAsEsm(file)) {
    // CommonJS only: tsx's require hook. Its ES module hooks would run in a
    // loader thread that Node starts, and tsx loads, in every process: that
    // thread costs more than the whole start of a small program.
    const cjs = resolveFrom("tsx/cjs", paths)
    if (!cjs) return { missing: "tsx is not installed" }
    return { execArgv: ["--require", cjs] }
  }
  // tsx's main export is its `--import` entry: CommonJS and ES module hooks at once.
  const entry = resolveFrom("tsx", paths)
  if (!entry) return { missing: "tsx is not installed" }
  return { execArgv: ["--import", pathToFileURL(entry).href] }
}

function typescriptVersion(paths: string[]): string | undefined {
  const manifest = resolveFrom("typescript/package.json", paths)
  if (!manifest) return undefined
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version
}

function tsNode(file: string, paths: string[]): Found {
  const hook = resolveFrom("ts-node/register/transpile-only", paths)
  if (!hook) return { missing: "ts-node is not installed" }
  const version = typescriptVersion(paths)
  if (!version) return { missing: "ts-node is installed without typescript" }
  // TypeScript 7 is a native compiler with no JavaScript API: ts-node crashes on it.
  if (Number(version.split(".")[0]) >= 7) {
    return { missing: `ts-node cannot run with TypeScript ${version} (it has no JavaScript API)` }
  }
  const execArgv = ["--require", hook]
  if (runsAsEsm(file)) {
    // ES modules need ts-node's loader hooks too; register() keeps Node from
    // warning about --loader, and the require hook still serves CommonJS.
    const esm = resolveFrom("ts-node/esm/transpile-only", paths)
    if (!esm) return { missing: "ts-node's ES module loader (ts-node/esm) is not installed" }
    const register = `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(esm).href)})`
    execArgv.push("--import", `data:text/javascript,${encodeURIComponent(register)}`)
  }
  return { execArgv }
}

function stripTypes(): Found {
  const flag = "--experimental-strip-types"
  // On by default from Node 23.6 and 22.18 (unless it is on here only because
  // this process was given the flag: the child does not inherit execArgv).
  const on = (process.features as { typescript?: unknown }).typescript
  if (on && !process.execArgv.includes(flag)) return { execArgv: [] }
  // Behind the flag from Node 22.6.
  if (process.allowedNodeEnvironmentFlags.has(flag)) return { execArgv: [flag] }
  return { missing: `Node ${process.version} cannot strip types (Node 22.6 and later can)` }
}

function find(loader: ModuleLoader, file: string, paths: string[]): Found {
  switch (loader) {
    case "tsx":
      return tsx(file, paths)
    case "ts-node":
      return tsNode(file, paths)
    case "strip-types":
      return stripTypes()
    case "none":
      return { execArgv: [] }
  }
}

/** Checks the `loader` and `execArgv` options of {@link startModule}. */
export function checkLoaderOptions(
  caller: string,
  options: { loader?: unknown; execArgv?: unknown },
): void {
  const { loader, execArgv } = options
  if ((loader !== undefined || execArgv !== undefined) && caller !== "startModule") {
    throw new UsageError(
      `expected \`loader\` and \`execArgv\` only with startModule, got them with ${caller}. ` +
        "Start the module with startModule, or put Node's options in the command's arguments.",
    )
  }
  if (loader !== undefined && !LOADERS.includes(loader as ModuleLoader)) {
    throw new UsageError(
      `expected \`loader\` to be one of ${LOADERS.map((l) => JSON.stringify(l)).join(", ")}, ` +
        `got ${JSON.stringify(loader)}.`,
    )
  }
  if (
    execArgv !== undefined &&
    (!Array.isArray(execArgv) || execArgv.some((arg) => typeof arg !== "string"))
  ) {
    throw new UsageError(
      `expected \`execArgv\` to be an array of strings (Node's options), got ${JSON.stringify(execArgv)}.`,
    )
  }
  if (loader !== undefined && execArgv !== undefined) {
    throw new UsageError(
      "expected `loader` or `execArgv`, got both (`execArgv` replaces the loader's options). " +
        'Give one: `{ loader: "tsx" }`, or `{ execArgv: ["--import", "tsx", ...] }`.',
    )
  }
}

/**
 * The Node options that run `file` (an absolute path): the chosen loader's,
 * or, by default for `.ts`, `.mts`, `.cts`, the first one the user's project
 * has: tsx, then ts-node (with TypeScript 5 or 6), then Node's own type
 * stripping. JavaScript needs none. Loaders are resolved from `paths` (the
 * module's folder, then the working directory), never from zmq-harness's own
 * dependencies.
 *
 * @example
 * ```ts
 * loaderExecArgv("/app/src/pong.ts") // ["--require", "/app/node_modules/tsx/dist/cjs/index.cjs"]
 * loaderExecArgv("/app/src/pong.mts") // ["--import", "file:///app/node_modules/tsx/dist/loader.mjs"]
 * loaderExecArgv("/app/src/pong.ts", "ts-node") // ["--require", ".../ts-node/register/transpile-only.js"]
 * ```
 */
export function loaderExecArgv(
  file: string,
  loader?: ModuleLoader,
  paths: string[] = projectPaths(file),
): string[] {
  if (loader) {
    const found = find(loader, file, paths)
    if ("execArgv" in found) return found.execArgv
    throw new LoaderUnavailableError(
      `expected the loader "${loader}" to run ${file}, got: ${found.missing}. ` + fixFor(loader),
    )
  }
  if (!TYPESCRIPT.test(file)) return []
  const missing: string[] = []
  for (const candidate of ["tsx", "ts-node", "strip-types"] as const) {
    const found = find(candidate, file, paths)
    if ("execArgv" in found) return found.execArgv
    missing.push(found.missing)
  }
  throw new LoaderUnavailableError(
    `expected a TypeScript loader to run ${file}, got none: ${missing.join("; ")}. ` +
      `Install tsx in your project (${INSTALL}), or start the compiled .js file.`,
  )
}

function fixFor(loader: ModuleLoader): string {
  switch (loader) {
    case "tsx":
      return `Install it (${INSTALL}).`
    case "ts-node":
      return `Install ts-node with TypeScript 5 (npm install --save-dev ts-node typescript@5), or use tsx (${INSTALL}, then loader: "tsx").`
    default:
      return `Use tsx instead (${INSTALL}, then loader: "tsx").`
  }
}
