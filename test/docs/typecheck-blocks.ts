import path from "node:path"
import ts from "typescript"
import type { CodeBlock } from "./markdown-blocks"

/**
 * Type-checks documentation code blocks with one TypeScript program. Each
 * block becomes a virtual file: its imports stay at the top; the rest goes
 * into an async function (so top-level `await` works), inside an inner block
 * so it may declare names the wrapper provides; a block with `export`s is a
 * module and stays as it is. The wrapper imports whatever
 * the block uses from zmq-harness, chai's `expect` and `sinon`, and gives
 * the usual names of the guides' fragments (`req`, `router`, `proc`, `run`, …)
 * a type. An ellipsis `…` stands for elided code.
 */

export interface BlockDiagnostic {
  block: CodeBlock
  /** `file.md:line: message`, the line being the markdown line. */
  text: string
}

const root = path.join(__dirname, "..", "..")
const virtualDir = path.join(root, "test", "docs", "__blocks__")

/** Names the fragments of the guides use without declaring them, and their types. */
const FRAGMENT_NAMES: Record<string, string> = {
  sock: "TestSocket",
  req: "TestSocket",
  rep: "TestSocket",
  router: "TestSocket",
  dealer: "TestSocket",
  pub: "TestSocket",
  xpub: "TestSocket",
  sub: "TestSocket",
  push: "TestSocket",
  pull: "TestSocket",
  pair: "TestSocket",
  identity: "Buffer",
  endpoint: "string",
  port: "number",
  proc: "ProcessHandle",
  broker: "MockPeer",
  backend: "MockPeer",
  a: "ProcessHandle",
  run: "ProgramResult",
  // Names the guides use for different things: checked as anything.
  pong: "any",
  app: "any",
}

/** `…` stands for elided code in the guides (`describe("x", () => { … })`): make it a comment. */
function elide(code: string): string {
  return code.replace(/…/g, "/* … */")
}

function splitImports(code: string): { imports: string; body: string; importLines: number } {
  const lines = code.split("\n")
  let i = 0
  const imports: string[] = []
  // Leading imports (and the blank lines / comments between them) are hoisted.
  while (i < lines.length) {
    const line = lines[i]
    if (/^\s*import\b/.test(line)) {
      let j = i
      while (!/\bfrom\s*["'][^"']+["']|^\s*import\s*["']/.test(lines[j]) && j < lines.length - 1)
        j++
      imports.push(...lines.slice(i, j + 1))
      i = j + 1
    } else if (/^\s*(\/\/.*)?$/.test(line) && lines.slice(i).some((l) => /^\s*import\b/.test(l))) {
      imports.push(line)
      i++
    } else break
  }
  return { imports: imports.join("\n"), body: lines.slice(i).join("\n"), importLines: i }
}

function importedNames(imports: string): Set<string> {
  const names = new Set<string>()
  for (const m of imports.matchAll(
    /import\s+(?:type\s+)?([\w$]+)?\s*,?\s*(?:\{([^}]*)\}|\*\s+as\s+([\w$]+))?\s*from/g,
  )) {
    if (m[1]) names.add(m[1])
    if (m[3]) names.add(m[3])
    for (const part of (m[2] ?? "").split(",")) {
      const name = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)
        .pop()
      if (name) names.add(name)
    }
  }
  return names
}

/**
 * The application's own modules (`import { A } from "../src/a"`) are not part
 * of the docs: each relative import is pointed at a stand-in module that
 * exports the names it imports, typed `any` (a namespace import gets a module
 * that is `any` as a whole).
 */
function standInForAppModules(
  imports: string,
  prefix: string,
): { imports: string; modules: Map<string, string> } {
  const modules = new Map<string, string>()
  const IMPORT = /\bimport\s+(?:type\s+)?([^;"']*?)\s+from\s*(["'])(\.{1,2}\/[^"']*)\2/g
  const rewritten = imports.replace(IMPORT, (_all, clause: string, quote: string) => {
    const name = `${prefix}_app${modules.size}`
    let source: string
    if (/\*\s+as\s/.test(clause)) {
      source = "declare const app: any\nexport = app\n"
    } else {
      const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? ""
      const names = named
        .split(",")
        .map(
          (part) =>
            part
              .trim()
              .replace(/^type\s+/, "")
              .split(/\s+as\s+/)[0],
        )
        .filter(Boolean)
      const hasDefault = /^\s*[\w$]+/.test(clause.replace(/\{[^}]*\}/, ""))
      source = [
        ...names.map((n) => `export declare const ${n}: any\nexport type ${n} = any`),
        ...(hasDefault ? ["declare const main: any", "export default main"] : []),
        "",
      ].join("\n")
    }
    modules.set(name, source)
    return `import ${clause} from ${quote}./${name}${quote}`
  })
  return { imports: rewritten, modules }
}

/** Builds the virtual source of one block; `offset` maps its lines back to the markdown. */
function wrap(
  block: CodeBlock,
  harnessExports: readonly string[],
  prefix: string,
): { source: string; map: (line: number) => number; modules: Map<string, string> } {
  const split = splitImports(elide(block.code))
  const { body, importLines } = split
  const standIns = standInForAppModules(split.imports, prefix)
  const imports = standIns.imports
  const own = importedNames(imports)
  const fromHarness = harnessExports.filter((n) => !own.has(n))
  const head = [
    fromHarness.length ? `import { ${fromHarness.join(", ")} } from "zmq-harness"` : "",
    own.has("expect") ? "" : `import { expect } from "chai"`,
    own.has("sinon") ? "" : `import sinon from "sinon"`,
  ]
  const fragments = Object.entries(FRAGMENT_NAMES)
    .filter(
      ([, type]) =>
        ["any", "Buffer", "string", "number"].includes(type) || harnessExports.includes(type),
    )
    .map(([name, type]) => `${name}: ${type}`)
  // A block that exports is a module of its own: checked as it stands, under the imports.
  const isModule = /^export\s/m.test(body)
  const before = isModule
    ? [...head, imports, "export {}"]
    : [
        ...head,
        imports,
        "export {}",
        `export async function __block(this: Mocha.Context, ${fragments.join(", ")}) {`,
        "{",
      ]
  const source = [...before, body, ...(isModule ? [] : ["}", "}"]), ""].join("\n")
  const bodyStart = before.join("\n").split("\n").length // 0-based line of body's first line
  const importStart = head.length // 0-based line of the block's first import
  return {
    source,
    modules: standIns.modules,
    map: (line) => {
      if (line >= bodyStart) return block.line + importLines + (line - bodyStart)
      if (line >= importStart && line < importStart + importLines)
        return block.line + (line - importStart)
      return block.line
    },
  }
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      },
    },
  )!
  // Fragments may leave values unused; everything else as strict as the project.
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false }
}

/** The names exported by the package root, read by the compiler from lib/index.ts. */
function harnessExportNames(program: ts.Program): string[] {
  const checker = program.getTypeChecker()
  const index = program.getSourceFile(path.join(root, "lib", "index.ts"))!
  const symbol = checker.getSymbolAtLocation(index)!
  return checker.getExportsOfModule(symbol).map((s) => s.getName())
}

/**
 * The blocks as the source files of a project of
 * their own, file name -> source: the package check type-checks them against
 * the installed package in a strict scratch project.
 */
export function blockSources(blocks: readonly CodeBlock[]): Map<string, string> {
  const options = compilerOptions()
  const program = ts.createProgram({ rootNames: [path.join(root, "lib", "index.ts")], options })
  const exportsOfHarness = harnessExportNames(program)
  const files = new Map<string, string>()
  blocks.forEach((block, i) => {
    const prefix = `${block.file.replace(/[^\w]/g, "_")}_${i}_line${block.line}`
    const { source, modules } = wrap(block, exportsOfHarness, prefix)
    files.set(`${prefix}.ts`, source)
    for (const [name, standIn] of modules) files.set(`${name}.ts`, standIn)
  })
  return files
}

/** Type-checks every block with one program; returns the problems found. */
export function typecheckBlocks(blocks: readonly CodeBlock[]): BlockDiagnostic[] {
  const options = compilerOptions()
  const host = ts.createCompilerHost(options)
  // The export list first, from a program of lib alone; the second program reuses its files.
  const libProgram = ts.createProgram({
    rootNames: [path.join(root, "lib", "index.ts")],
    options,
    host,
  })
  const exportsOfHarness = harnessExportNames(libProgram)

  const virtual = new Map<
    string,
    { block: CodeBlock; source: string; map: (line: number) => number }
  >()
  const standIns = new Set<string>()
  blocks.forEach((block, i) => {
    const prefix = `${block.file.replace(/[^\w]/g, "_")}_${i}_line${block.line}`
    const { modules, ...wrapped } = wrap(block, exportsOfHarness, prefix)
    virtual.set(path.join(virtualDir, `${prefix}.ts`), { block, ...wrapped })
    for (const [name, source] of modules) {
      const file = path.join(virtualDir, `${name}.ts`)
      standIns.add(file)
      virtual.set(file, { block, source, map: () => block.line })
    }
  })
  const baseGetSourceFile = host.getSourceFile.bind(host)
  const baseFileExists = host.fileExists.bind(host)
  const baseReadFile = host.readFile.bind(host)
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const v = virtual.get(path.resolve(fileName))
    return v
      ? ts.createSourceFile(fileName, v.source, languageVersion, true)
      : baseGetSourceFile(fileName, languageVersion, ...rest)
  }
  // The virtual folder is not on disk: say it exists, so imports between virtual files resolve.
  const baseDirectoryExists = host.directoryExists?.bind(host)
  host.directoryExists = (dir) =>
    path.resolve(dir) === virtualDir || (baseDirectoryExists?.(dir) ?? true)
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || baseFileExists(fileName)
  host.readFile = (fileName) =>
    virtual.get(path.resolve(fileName))?.source ?? baseReadFile(fileName)

  const program = ts.createProgram({
    rootNames: [...virtual.keys()],
    options,
    host,
    oldProgram: libProgram,
  })
  const problems: BlockDiagnostic[] = []
  for (const [name, v] of virtual) {
    if (standIns.has(name)) continue
    const sourceFile = program.getSourceFile(name)!
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ]
    for (const d of diagnostics) {
      const line =
        d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n")
      problems.push({ block: v.block, text: `${v.block.file}:${v.map(line)}: ${message}` })
    }
  }
  return problems
}
