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
  pong: "ProcessHandle",
  app: "ProcessHandle",
  run: "ProgramResult",
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

/** Builds the virtual source of one block; `offset` maps its lines back to the markdown. */
function wrap(
  block: CodeBlock,
  harnessExports: readonly string[],
): { source: string; map: (line: number) => number } {
  const { imports, body, importLines } = splitImports(elide(block.code))
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
        type === "Buffer" ||
        type === "string" ||
        type === "number" ||
        harnessExports.includes(type),
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

/** Type-checks every block (except those opted out) with one program; returns the problems found. */
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
  blocks.forEach((block, i) => {
    if (block.notChecked !== undefined) return
    const name = path.join(
      virtualDir,
      `${block.file.replace(/[^\w]/g, "_")}_${i}_line${block.line}.ts`,
    )
    virtual.set(name, { block, ...wrap(block, exportsOfHarness) })
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
