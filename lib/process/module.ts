import * as fs from "node:fs"
import * as path from "node:path"
import { UsageError } from "../errors"
import { ProcessNotFoundError } from "./errors"

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
