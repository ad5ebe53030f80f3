import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

/**
 * When zmq-harness runs from its TypeScript sources (its own test suite), the
 * child preload has no compiled JavaScript next to it. Loading it through
 * ts-node would cost every stubbed child a second or more (the TypeScript
 * compiler), so the few files it needs are transpiled once, here, into a
 * cache folder named after their content, and the child loads plain
 * JavaScript. From `dist/` none of this runs.
 */

/** The preload and everything it imports, relative to `lib/`. */
const CHILD_FILES = [
  "errors.ts",
  "stubs/fake.ts",
  "stubs/messages.ts",
  "stubs/spec.ts",
  "stubs/wire.ts",
  "stubs/child/esm-hooks.ts",
  "stubs/child/runtime.ts",
  "stubs/child/preload.ts",
]

const LIB = path.resolve(__dirname, "..")

function cacheRoot(): string {
  const local = path.resolve(LIB, "..", "node_modules", ".cache", "zmq-harness")
  try {
    fs.mkdirSync(local, { recursive: true })
    return local
  } catch {
    return path.join(os.tmpdir(), `zmq-harness-${os.userInfo().uid}`)
  }
}

/** Drops the copies made from older sources, so the cache never grows. */
function pruneOthers(keep: string): void {
  const root = path.dirname(keep)
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith("stubs-") && !name.includes(".tmp") && path.join(root, name) !== keep) {
      fs.rmSync(path.join(root, name), { recursive: true, force: true })
    }
  }
}

let compiled: string | undefined

/** The path of the compiled preload, transpiling the child's files on first use. */
export function preloadFromSource(): string {
  if (compiled) return compiled
  const sources = CHILD_FILES.map(
    (file) => [file, fs.readFileSync(path.join(LIB, file), "utf8")] as const,
  )
  const hash = createHash("sha256")
  for (const [file, text] of sources) hash.update(file).update("\0").update(text).update("\0")
  const dir = path.join(cacheRoot(), `stubs-${hash.digest("hex").slice(0, 16)}`)
  const preload = path.join(dir, "stubs", "child", "preload.js")
  if (!fs.existsSync(preload)) {
    // Mocha's parallel workers may race here: each writes its own folder and
    // renames it into place; the loser's copy is thrown away.
    const ts = require("typescript") as typeof import("typescript")
    const scratch = `${dir}.${process.pid}.tmp`
    for (const [file, text] of sources) {
      const out = ts.transpileModule(text, {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
      })
      const target = path.join(scratch, file.replace(/\.ts$/, ".js"))
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(target, out.outputText)
    }
    try {
      fs.renameSync(scratch, dir)
    } catch {
      fs.rmSync(scratch, { recursive: true, force: true })
    }
    pruneOthers(dir)
  }
  compiled = preload
  return preload
}
