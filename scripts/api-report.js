#!/usr/bin/env node
// The public API report: api/<entry>.api.md, one file per entry point of package.json's
// "exports" (zmq-harness, zmq-harness/register, /chai, /reporter, /node-test, /vitest, /jest,
// /ci…), made from the built types (dist/*.d.ts, as shipped: @internal members stripped) by
// API Extractor.
//
//   node scripts/api-report.js          writes api/ (npm run api builds first)
//   node scripts/api-report.js --check  compares with api/: exit 1 with the difference when
//                                       the report is stale (npm run check-api)
//
// What API Extractor leaves out, added here:
// - an entry point whose types are `export = X` (CommonJS: /chai, /reporter) gives an empty
//   report: it is analysed through a copy of its .d.ts that says `export { X as default }`
//   instead (made beside it in dist/, removed at once), and its report says so;
// - module augmentations (`declare global { namespace Chai … }`, `declare module "expect"`)
//   are part of the API too (chai's `receive`, Jest's `toReceive`…): each report ends with
//   those of every file its entry point loads, comments removed.
// Before the reports, the shipped types are type-checked on their own (skipLibCheck off), so
// a stripped @internal member that another declaration needs is caught here.
"use strict"
const fs = require("node:fs")
const path = require("node:path")
const { execFileSync } = require("node:child_process")

const root = path.resolve(__dirname, "..")
const apiDir = path.join(root, "api")
const check = process.argv.includes("--check")
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))

const entries = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === "object" && target.types)
  .map(([sub, target]) => ({
    id: sub === "." ? pkg.name : `${pkg.name}/${sub.slice(2)}`,
    report: `${sub === "." ? pkg.name : `${pkg.name}-${sub.slice(2)}`}.api.md`,
    dts: path.join(root, target.types),
  }))

for (const e of entries) {
  if (!fs.existsSync(e.dts)) {
    console.error(
      `api-report: ${path.relative(root, e.dts)} is missing: run \`npm run build\` first`,
    )
    process.exit(2)
  }
}

// 1. The shipped types stand on their own.
try {
  execFileSync(
    process.execPath,
    [
      require.resolve("typescript/bin/tsc"),
      "-p",
      path.join(root, "scripts/api-report.tsconfig.json"),
    ],
    { cwd: root, stdio: "pipe", encoding: "utf8" },
  )
} catch (err) {
  console.error("api-report: the shipped types (dist/**/*.d.ts) do not type-check on their own:")
  console.error(String(err.stdout || "") + String(err.stderr || ""))
  process.exit(1)
}

// 2. The reports.
const ts = require("typescript")
const { Extractor, ExtractorConfig } = require("@microsoft/api-extractor")

const SUFFIX = ".api-entry"
const TYPE_ONLY = "// Exported with `export type`: a type only, no value at run time."
const made = []
const EXPORT_EQUALS = /^export = (\w+);$/m

/** A copy of `file` that says `export { X as default }` for `export = X`; undefined if it has none. */
function esCopy(file) {
  const text = fs.readFileSync(file, "utf8")
  const m = EXPORT_EQUALS.exec(text)
  if (!m) return undefined
  const copy = file.replace(/\.d\.ts$/, `${SUFFIX}.d.ts`)
  if (made.includes(copy)) return { file: copy, name: m[1] }
  let out = text.replace(/^import (\w+) = require\("(\.[^"]+)"\);$/gm, (line, name, spec) => {
    const inner = esCopy(path.resolve(path.dirname(file), `${spec}.d.ts`))
    return inner ? `import ${name} from "${spec}${SUFFIX}";` : line
  })
  out = out.replace(EXPORT_EQUALS, `export { ${m[1]} as default };`)
  fs.writeFileSync(copy, out)
  made.push(copy)
  return { file: copy, name: m[1] }
}

/** The relative .d.ts files `file` loads, itself included. */
function loaded(file, seen = new Set()) {
  if (seen.has(file) || !fs.existsSync(file)) return seen
  seen.add(file)
  const text = fs.readFileSync(file, "utf8")
  for (const m of text.matchAll(/(?:from|import|require\()\s*"(\.[^"]+)"/g)) {
    const base = path.resolve(path.dirname(file), m[1])
    for (const candidate of [`${base}.d.ts`, path.join(base, "index.d.ts")]) {
      if (fs.existsSync(candidate)) {
        loaded(candidate, seen)
        break
      }
    }
  }
  return seen
}

/** The module augmentations (`declare global`, `declare module "x"`) of the files an entry loads. */
function augmentations(entryFile) {
  const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })
  const blocks = []
  for (const file of [...loaded(entryFile)].sort()) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      true,
    )
    for (const statement of source.statements) {
      if (!ts.isModuleDeclaration(statement)) continue
      const global = (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0
      if (!global && !ts.isStringLiteral(statement.name)) continue
      const where = path.relative(root, file).split(path.sep).join("/")
      blocks.push(`// ${where}\n${printer.printNode(ts.EmitHint.Unspecified, statement, source)}`)
    }
  }
  return blocks
}

/**
 * What the report cannot show of an entry's own `export { … } from` lines: the names marked
 * `@deprecated` there (`- name: message` lines), and the names exported with `export type`
 * (API Extractor shows such a class as `export class`, though there is no value at run time).
 */
function reexportFacts(entryFile) {
  const source = ts.createSourceFile(
    entryFile,
    fs.readFileSync(entryFile, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  )
  const deprecated = []
  const typeOnly = new Set()
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause) continue
    if (!ts.isNamedExports(statement.exportClause)) continue
    for (const specifier of statement.exportClause.elements) {
      if (statement.isTypeOnly || specifier.isTypeOnly) typeOnly.add(specifier.name.text)
      const tag = ts.getJSDocDeprecatedTag(specifier)
      if (!tag) continue
      const comment = ts.getTextOfJSDocComment(tag.comment) || ""
      deprecated.push(`- \`${specifier.name.text}\`: ${comment.replace(/\s+/g, " ").trim()}`)
    }
  }
  return { deprecated: deprecated.sort(), typeOnly }
}

function extract(entry, tmp) {
  const copy = esCopy(entry.dts)
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: copy ? copy.file : entry.dts,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2022",
            module: "node16",
            moduleResolution: "node16",
            lib: ["ES2022", "ESNext.Disposable"],
            types: ["node"],
            strict: true,
            skipLibCheck: true,
          },
          files: [copy ? copy.file : entry.dts],
        },
      },
      apiReport: {
        enabled: true,
        reportFolder: tmp,
        reportTempFolder: tmp,
        reportFileName: entry.report,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: "error" } },
        extractorMessageReporting: {
          default: { logLevel: "none" },
          // In the report: a type the entry point uses but does not export (users cannot name it).
          "ae-forgotten-export": { logLevel: "none", addToApiReportFile: true },
          "ae-missing-release-tag": { logLevel: "none", addToApiReportFile: false },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
    configObjectFullPath: path.join(root, "api-extractor.json"),
    packageJsonFullPath: path.join(root, "package.json"),
  })
  const problems = []
  const result = Extractor.invoke(config, {
    localBuild: true,
    showVerboseMessages: false,
    showDiagnostics: false,
    messageCallback(message) {
      if (message.logLevel === "error") problems.push(message.formatMessageWithLocation(root))
      message.handled = true
    },
  })
  if (!result.succeeded || problems.length) {
    throw new Error(`API Extractor failed on ${entry.id}:\n${problems.join("\n")}`)
  }
  let text = fs
    .readFileSync(path.join(tmp, entry.report), "utf8")
    .replace(/\r\n/g, "\n")
    .replaceAll(`${SUFFIX}.d.ts`, ".d.ts")
    // Warnings name the file, not the line: a comment edited in lib/ does not make the report stale.
    .replace(/^(\/\/ [^\s:]+\.d\.ts):\d+:\d+ - /gm, "$1 - ")
  text = text.replace(/^## API Report File for "[^"]*"/m, `## API Report File for "${entry.id}"`)
  if (copy) {
    text = text.replace(
      /^```ts\n/m,
      "```ts\n// The entry point's types are `export = " +
        copy.name +
        "` (CommonJS): shown as its default export.\n",
    )
  }
  const { deprecated, typeOnly } = reexportFacts(entry.dts)
  text = text.replace(
    /^export (?:declare )?(?:abstract )?(?:class|function|const|let|var|enum|namespace) (\w+)\b/gm,
    (line, name) => (typeOnly.has(name) ? `${TYPE_ONLY}\n${line}` : line),
  )
  if (deprecated.length) {
    text =
      text.trimEnd() +
      "\n\n### Deprecated here\n\nNames this entry point still exports, marked `@deprecated` where it " +
      "re-exports them.\n\n" +
      deprecated.join("\n") +
      "\n"
  }
  const extra = augmentations(entry.dts)
  if (extra.length) {
    text =
      text.trimEnd() +
      "\n\n### Module augmentations\n\nWhat loading this entry point adds to the types of other modules.\n\n```ts\n" +
      extra.join("\n\n") +
      "\n```\n"
  }
  return text
}

const tmp = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "zmqh-api-"))
const reports = new Map()
try {
  for (const entry of entries) reports.set(entry.report, extract(entry, tmp))
} catch (err) {
  console.error(`api-report: ${err.message}`)
  process.exitCode = 1
} finally {
  for (const file of made) fs.rmSync(file, { force: true })
  fs.rmSync(tmp, { recursive: true, force: true })
}
if (process.exitCode) process.exit()

const stale = []
const { createTwoFilesPatch } = require("diff")
const existing = fs.existsSync(apiDir)
  ? fs.readdirSync(apiDir).filter((f) => f.endsWith(".api.md"))
  : []
for (const [name, text] of reports) {
  const file = path.join(apiDir, name)
  const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : ""
  if (old === text) continue
  stale.push(name)
  if (check)
    process.stdout.write(
      createTwoFilesPatch(`api/${name}`, `api/${name}`, old, text, "checked in", "built"),
    )
  else {
    fs.mkdirSync(apiDir, { recursive: true })
    fs.writeFileSync(file, text)
  }
}
for (const name of existing.filter((f) => !reports.has(f))) {
  stale.push(name)
  if (check) console.log(`api/${name}: no such entry point any more`)
  else fs.rmSync(path.join(apiDir, name))
}
if (check && stale.length) {
  console.error(
    `\napi-report: the API report is stale (${stale.join(", ")}). If the change of the public API ` +
      "is meant, run `npm run api` and commit api/ (with a CHANGELOG entry).",
  )
  process.exit(1)
}
console.log(
  check
    ? `api-report: api/ matches the built types (${reports.size} entry points)`
    : `api-report: ${stale.length ? `wrote ${stale.join(", ")}` : "api/ was up to date"}`,
)
