import * as fs from "node:fs"
import { builtinModules, createRequire } from "node:module"
import * as path from "node:path"
import { StubError } from "../errors"

/**
 * Extensions tried after the exact name, in the order Node's CommonJS loader
 * tries them (`.js` first), then what ts-node adds, then ES module forms.
 */
const EXTENSIONS = [".js", ".json", ".ts", ".tsx", ".cjs", ".mjs", ".cts", ".mts"]

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function candidates(base: string): string[] {
  const list = [base, ...EXTENSIONS.map((ext) => base + ext)]
  // TypeScript written for ES modules imports "./b.js" and means "./b.ts".
  const js = /\.(c|m)?js$/.exec(base)
  if (js) list.push(base.slice(0, -js[0].length) + js[0].replace("js", "ts"))
  list.push(...EXTENSIONS.map((ext) => path.join(base, "index" + ext)))
  return list
}

/**
 * The real path of the file the application means by `specifier`: relative
 * (or absolute) specifiers from the started module's folder, package names as
 * `require` finds them from there.
 */
export function resolveStubModule(specifier: string, modulePath: string): string {
  const from = path.dirname(path.resolve(modulePath))
  const bare = specifier.replace(/^node:/, "")
  if (specifier.startsWith("node:") || builtinModules.includes(bare)) {
    throw new StubError(
      `expected a module of the application for a stub, got the Node built-in "${specifier}". ` +
        `Stub the application's own module that uses it instead.`,
    )
  }
  let tried: string
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
    const found = candidates(path.resolve(from, specifier)).find(isFile)
    if (found) return fs.realpathSync(found)
    tried = `${specifier} as a file, with ${EXTENSIONS.join(" ")}, and as a folder with an index file`
  } else {
    try {
      return fs.realpathSync(createRequire(path.join(from, "noop.js")).resolve(specifier))
    } catch {
      tried = `node_modules/${specifier} in that folder and its parents`
    }
  }
  throw new StubError(
    `expected stub module "${specifier}" to resolve from ${from} (the started module's folder), ` +
      `got no such file (tried ${tried}). ` +
      `Write the specifier as the started module imports it ("./b"), or a package name.`,
  )
}
