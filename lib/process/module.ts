import * as fs from "node:fs"
import * as path from "node:path"
import { UsageError } from "../errors"
import { ProcessNotFoundError } from "./errors"

const TYPESCRIPT = /\.[cm]?tsx?$/
const EXTENSIONS = ["", ".ts", ".js", ".mts", ".mjs", ".cts", ".cjs", "/index.ts", "/index.js"]

/** The module's absolute path; `src/app` finds `src/app.ts` or `src/app.js` too. Relative to the test's working directory. */
export function resolveModule(modulePath: string): string {
  if (typeof modulePath !== "string" || modulePath === "") {
    throw new UsageError(
      `expected a module path such as "src/app.ts", got ${JSON.stringify(modulePath)}.`,
    )
  }
  const absolute = path.resolve(modulePath)
  for (const ext of EXTENSIONS) {
    const candidate = absolute + ext
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate
  }
  throw new ProcessNotFoundError(
    `expected a module at ${JSON.stringify(modulePath)} to start, got no such file (looked for ${absolute} ` +
      `with ${EXTENSIONS.filter(Boolean).join(", ")}). Module paths are relative to the working directory ` +
      `(${process.cwd()}); check the path.`,
  )
}

/**
 * The Node options a forked module needs: for TypeScript, ts-node's
 * transpile-only hook, resolved from the user's project (the module's folder,
 * then the working directory), not from zmq-harness's own dependencies.
 */
export function moduleExecArgv(modulePath: string): string[] {
  if (!TYPESCRIPT.test(modulePath)) return []
  let hook: string
  try {
    hook = require.resolve("ts-node/register/transpile-only", {
      paths: [path.dirname(modulePath), process.cwd()],
    })
  } catch (err) {
    throw new UsageError(
      `expected ts-node to be installed to run the TypeScript module ${modulePath}, got none found from ` +
        `${path.dirname(modulePath)}. Install it (npm install --save-dev ts-node), or start the compiled .js file.`,
      { cause: err },
    )
  }
  return ["-r", hook]
}
