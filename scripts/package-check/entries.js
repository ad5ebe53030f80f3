// Every entry point of the packed tarball, in a scratch project where it is installed
// (scripts/package-check.sh, scenario "entries"): `node entries.js <repo>/api`.
//
// - CommonJS: `require()` of each entry point gives every value name of its API report
//   (api/<entry>.api.md); the runner adapters (/vitest, /jest), which load only inside their
//   runner, must resolve to a file that exists.
// - ESM: `import * as m` of each entry point gives the same names as `require()` (Node finds
//   the named exports of a CommonJS file by reading its text: a name it misses is a named
//   import that fails in an ES module).
// - TypeScript: a file importing every name of every report (values as values, types with
//   `import type`, the `export =` entry points by default import) type-checks with
//   `node16` resolution from CommonJS (.ts) and from ESM (.mts), `bundler`, and `node10`
//   (the typesVersions map), with noUncheckedSideEffectImports for the side-effect entries.
"use strict"
const fs = require("node:fs")
const path = require("node:path")
const { execFileSync } = require("node:child_process")

const apiDir = path.resolve(process.argv[2])
const pkg = require(path.resolve("node_modules/zmq-harness/package.json"))
const ONLY_IN_RUNNER = new Set(["zmq-harness/vitest", "zmq-harness/jest"])
const problems = []

const entries = Object.keys(pkg.exports)
  .filter((sub) => sub !== "./package.json")
  .map((sub) => {
    const id = sub === "." ? pkg.name : `${pkg.name}/${sub.slice(2)}`
    const reportFile = path.join(apiDir, `${id.replace("/", "-")}.api.md`)
    if (!fs.existsSync(reportFile)) {
      problems.push(`${id}: no API report ${path.basename(reportFile)} in ${apiDir}`)
      return { id, values: [], types: [], hasDefault: false }
    }
    // The names the report declares exported (its first ```ts block).
    const report = fs.readFileSync(reportFile, "utf8").split("\n```\n")[0]
    const values = new Set()
    const types = new Set()
    let hasDefault = false
    let typeOnly = false
    for (const line of report.split("\n")) {
      const m =
        /^export (?:declare )?(?:abstract )?(class|function|const|let|var|enum|namespace|interface|type) (\w+)/.exec(
          line,
        )
      if (m) (typeOnly || ["interface", "type"].includes(m[1]) ? types : values).add(m[2])
      // A class exported with `export type` (scripts/api-report.js says so above it): no value.
      typeOnly = line.startsWith("// Exported with `export type`")
    }
    if (/^export default \w+;$/m.test(report)) hasDefault = true
    for (const v of values) types.delete(v)
    return { id, values: [...values].sort(), types: [...types].sort(), hasDefault }
  })

const MARK = "ENTRY-KEYS:"
function keysOf(args) {
  const out = execFileSync(process.execPath, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  })
  const line = out.split("\n").find((l) => l.startsWith(MARK))
  if (!line) throw new Error(`no ${MARK} line in the output:\n${out}`)
  return JSON.parse(line.slice(MARK.length)).filter((k) => k !== "__esModule")
}

for (const e of entries) {
  if (ONLY_IN_RUNNER.has(e.id)) {
    for (const [how, args] of [
      ["require.resolve", ["-p", `require.resolve(${JSON.stringify(e.id)})`]],
      [
        "import.meta.resolve",
        [
          "--input-type=module",
          "-e",
          `console.log(new URL(import.meta.resolve(${JSON.stringify(e.id)})).pathname)`,
        ],
      ],
    ]) {
      const file = execFileSync(process.execPath, args, { encoding: "utf8" }).trim()
      if (!fs.existsSync(file)) problems.push(`${e.id}: ${how} gives ${file}, which does not exist`)
      else console.log(`ok ${e.id}: ${how} -> ${path.relative(process.cwd(), file)}`)
    }
    continue
  }
  let cjs, esm
  try {
    cjs = keysOf([
      "-e",
      `console.log(${JSON.stringify(MARK)} + JSON.stringify(Object.keys(require(${JSON.stringify(e.id)}))))`,
    ])
  } catch (err) {
    problems.push(
      `${e.id}: require() failed: ${String(err.stderr || err.message)
        .split("\n")
        .slice(0, 8)
        .join("\n")}`,
    )
    continue
  }
  try {
    esm = keysOf([
      "--input-type=module",
      "-e",
      `import * as m from ${JSON.stringify(e.id)}; console.log(${JSON.stringify(MARK)} + JSON.stringify(Object.keys(m)))`,
    ])
  } catch (err) {
    problems.push(
      `${e.id}: import failed: ${String(err.stderr || err.message)
        .split("\n")
        .slice(0, 8)
        .join("\n")}`,
    )
    continue
  }
  const missingCjs = e.values.filter((v) => !cjs.includes(v))
  if (missingCjs.length)
    problems.push(`${e.id}: require() lacks ${missingCjs.join(", ")} (named in its API report)`)
  const missingEsm = cjs.filter((k) => !esm.includes(k))
  if (missingEsm.length)
    problems.push(
      `${e.id}: an ES module's import lacks ${missingEsm.join(", ")} (require() has them)`,
    )
  if (e.hasDefault && !esm.includes("default"))
    problems.push(`${e.id}: an ES module's import has no default`)
  console.log(
    `ok ${e.id}: require() and import give ${cjs.length} names (${esm.length} with default)`,
  )
}

// TypeScript, each resolution mode.
fs.rmSync("types", { recursive: true, force: true })
fs.mkdirSync("types")
let source = "// Every name of every entry point's API report.\n"
entries.forEach((e, i) => {
  // Each name as name_<i>: entry points share some (ExpectedExit, the deprecated root names).
  const as = (n) => `${n} as ${n}_${i}`
  if (e.values.length) source += `import { ${e.values.map(as).join(", ")} } from "${e.id}"\n`
  if (e.types.length) source += `import type { ${e.types.map(as).join(", ")} } from "${e.id}"\n`
  if (e.hasDefault) source += `import default_${i} from "${e.id}"\n`
  if (!e.values.length && !e.types.length && !e.hasDefault) source += `import "${e.id}"\n`
  const used = [...e.values.map((v) => `${v}_${i}`), ...(e.hasDefault ? [`default_${i}`] : [])]
  if (used.length) source += `export const values${i} = [${used.join(", ")}]\n`
  if (e.types.length) {
    source += `export type Types${i} = [${e.types.map((t) => `${t}_${i}${genericArgs(t)}`).join(", ")}]\n`
  }
})
/** Generic types need arguments to be named: `unknown`s (from the report's declaration). */
function genericArgs(name) {
  for (const e of entries) {
    const report = fs.readFileSync(path.join(apiDir, `${e.id.replace("/", "-")}.api.md`), "utf8")
    const m = new RegExp(`^export (?:interface|type) ${name}<([^>]*(?:<[^>]*>[^>]*)*)>`, "m").exec(
      report,
    )
    if (m) {
      let depth = 0
      let count = 1
      for (const ch of m[1]) {
        if (ch === "<" || ch === "{" || ch === "(" || ch === "[") depth++
        else if (ch === ">" || ch === "}" || ch === ")" || ch === "]") depth--
        else if (ch === "," && depth === 0) count++
      }
      return `<${Array(count).fill("never").join(", ")}>`
    }
  }
  return ""
}
fs.writeFileSync("types/entries.ts", source)
fs.writeFileSync("types/entries.mts", source)
const common = {
  target: "ES2022",
  strict: true,
  noEmit: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noUncheckedSideEffectImports: true,
  types: ["node", "mocha"],
}
const modes = {
  "node16 (CommonJS .ts, ESM .mts)": [
    { module: "node16", moduleResolution: "node16" },
    ["entries.ts", "entries.mts"],
  ],
  bundler: [{ module: "esnext", moduleResolution: "bundler" }, ["entries.ts"]],
  "node10 (typesVersions)": [{ module: "commonjs", moduleResolution: "node10" }, ["entries.ts"]],
}
for (const [name, [options, files]] of Object.entries(modes)) {
  const config = path.join("types", `tsconfig.${name.split(" ")[0]}.json`)
  fs.writeFileSync(
    config,
    JSON.stringify({ compilerOptions: { ...common, ...options }, files }, null, 2),
  )
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc", { paths: [process.cwd()] }), "-p", config],
      {
        encoding: "utf8",
        stdio: "pipe",
      },
    )
    console.log(`ok TypeScript, ${name}: every name of ${entries.length} entry points`)
  } catch (err) {
    problems.push(`TypeScript, ${name}:\n${String(err.stdout || "") + String(err.stderr || "")}`)
  }
}

if (problems.length) {
  console.log(`\n${source}`)
  for (const p of problems) console.log(`package-check: ${p}`)
  process.exit(1)
}
