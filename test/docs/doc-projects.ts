import fs from "node:fs"
import path from "node:path"
import { fencedBlocks, type FencedBlock } from "./markdown-blocks"

/**
 * A page of the docs as the runnable project a reader builds from it: every
 * block whose first line names a file (`// test/pong.test.ts`) is that file,
 * and the programs a page links under examples/ (`…/blob/main/examples/<name>/src/…`)
 * are copied with their folder (`examples/<name>/src/` becomes `src/`). What
 * the page does not give (`.mocharc.yml`, `tsconfig.json`, `package.json`) is
 * getting-started.md's setup. The package check writes each page's project
 * next to the installed tarball and runs its tests (scenario doc-blocks);
 * test/docs/runnable-blocks.test.ts checks that every code block is such a
 * file or a marked fragment, and that what a test starts or imports is there.
 */
export interface DocProject {
  page: string
  /** Path in the project -> contents. */
  files: Map<string, string>
  /** The test files among them. */
  tests: string[]
  /** Folders of the repository copied in: repository path -> project path. */
  copied: Map<string, string>
  /** What a test starts or imports that the project lacks: `file.md:line: …`. */
  problems: string[]
  /** Whether a test writes files a second run reads (golden files, cassettes): run twice. */
  twice: boolean
}

/** The languages whose blocks are code: a file of a project, or a marked fragment. */
export const CODE_LANGS = new Set([
  "ts",
  "typescript",
  "js",
  "javascript",
  "mjs",
  "cjs",
  "mts",
  "cts",
  "json",
  "jsonc",
  "yaml",
  "yml",
])

/** Pages whose files a scenario of their own builds and runs, not doc-blocks. */
export const OWN_SCENARIO: Record<string, string> = {
  "README.md": "readme (and pnpm-*)",
  "docs/getting-started.md": "getting-started",
  "docs/ci.md": "ci",
}

export const REPOSITORY_BLOB = "https://github.com/zmq-harness/zmq-harness/blob/main/"

const TEST_FILE = /^test\/.*\.test\.[cm]?[jt]s$/

/** getting-started.md's setup, for what a page does not give; strict as the package check's docs project. */
export const DEFAULT_FILES: Record<string, string> = {
  ".mocharc.yml": [
    "require:",
    "  - tsx/cjs",
    "  - zmq-harness/register",
    "extension: [ts]",
    "spec: test/**/*.test.ts",
    "timeout: 10000",
    "",
  ].join("\n"),
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        module: "nodenext",
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node", "mocha"],
      },
      include: ["src", "test"],
    },
    null,
    2,
  ),
  "package.json": JSON.stringify({ private: true, type: "commonjs" }, null, 2),
}

/** The block's contents as its file holds them: a package.json fragment loses its first (naming) line. */
function contents(block: FencedBlock): string {
  if (block.target?.path === "package.json") return block.code.split("\n").slice(1).join("\n")
  return block.code + "\n"
}

/** The project of one page; `root` is the repository. */
export function docProject(root: string, page: string): DocProject {
  const text = fs.readFileSync(path.join(root, page), "utf8")
  const files = new Map<string, string>(Object.entries(DEFAULT_FILES))
  const problems: string[] = []
  const lineOf = new Map<string, number>()
  for (const block of fencedBlocks(page, text)) {
    if (!block.target || block.fragment !== undefined || !CODE_LANGS.has(block.lang)) continue
    const file = block.target.path
    lineOf.set(file, block.line)
    if (file === "package.json") {
      // Merged into the project's: each key's entries over the defaults (scripts, type…).
      const pkg = JSON.parse(files.get(file)!) as Record<string, unknown>
      const fragment = JSON.parse(contents(block)) as Record<string, unknown>
      for (const [key, value] of Object.entries(fragment))
        pkg[key] =
          typeof value === "object" && value && !Array.isArray(value)
            ? { ...(pkg[key] as object), ...value }
            : value
      files.set(file, JSON.stringify(pkg, null, 2))
    } else {
      files.set(file, contents(block))
    }
  }

  // Programs the page links under examples/<name>/src/: their folder becomes src/.
  const copied = new Map<string, string>()
  const linked = new RegExp(
    `${REPOSITORY_BLOB.replace(/[.]/g, "\\.")}(examples/[\\w.-]+/src)/[\\w./-]+`,
    "g",
  )
  for (const m of text.matchAll(linked)) copied.set(m[1], "src")
  const have = new Set(files.keys())
  for (const [from, to] of copied)
    for (const name of fs.readdirSync(path.join(root, from), { recursive: true }) as string[])
      have.add(`${to}/${name}`)

  // The type check covers the page's own files, not the example programs copied in.
  if (!lineOf.has("tsconfig.json")) {
    const tsconfig = JSON.parse(files.get("tsconfig.json")!) as { include: string[] }
    tsconfig.include = [...lineOf.keys()].filter((f) => /\.[cm]?ts$/.test(f))
    files.set("tsconfig.json", JSON.stringify(tsconfig, null, 2))
  }
  const tests = [...files.keys()].filter((f) => TEST_FILE.test(f))
  const exists = (p: string) =>
    [p, `${p}.ts`, `${p}.js`, `${p}.mts`, `${p}.mjs`, `${p}/index.ts`, `${p}/index.js`].some((c) =>
      have.has(c),
    )
  const moduleText = (p: string) => p.replace(/\.js$/, "") // nodenext imports name ".js" for ".ts"
  for (const test of tests) {
    const source = files.get(test)!
    const where = `${page}:${lineOf.get(test)}`
    for (const m of source.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(test), m[1]))
      if (!exists(target) && !exists(moduleText(target)))
        problems.push(`${where}: ${test} imports ${m[1]}, which the page neither shows nor links`)
    }
    const programs = [
      ...[...source.matchAll(/startModule\(\s*["']([^"']+)["']/g)].map((m) => m[1]),
      ...[...source.matchAll(/(?:startProcess|runProgram)\(\s*["']node["']\s*,\s*\[([^\]]*)\]/g)]
        .flatMap((m) => [...m[1].matchAll(/["']([^"'-][^"']*\.[cm]?[jt]s)["']/g)])
        .map((m) => m[1]),
    ]
    for (const program of programs)
      if (!exists(program))
        problems.push(`${where}: ${test} starts ${program}, which the page neither shows nor links`)
  }
  const twice = tests.some((t) => /\bmatchGolden\(|\brecord\(/.test(files.get(t)!))
  return { page, files, tests, copied, problems, twice }
}

/**
 * What breaks the docs' rule in one page: a fence without a language, a code
 * block that is neither a file (named on its first line) nor a marked
 * fragment, and a file in a page that no scenario runs (no test file among its
 * files, and no scenario of its own).
 */
export function ruleProblems(page: string, text: string): string[] {
  const problems: string[] = []
  const blocks = fencedBlocks(page, text)
  const files = blocks.filter((b) => b.target && b.fragment === undefined && CODE_LANGS.has(b.lang))
  const runs = page in OWN_SCENARIO || files.some((b) => TEST_FILE.test(b.target!.path))
  for (const b of blocks) {
    const at = `${page}:${b.line}`
    if (!b.lang) {
      problems.push(
        `${at}: a fence without a language: name it (\`text\` for output, \`sh\` for commands)`,
      )
    } else if (CODE_LANGS.has(b.lang) && !b.target && b.fragment === undefined) {
      problems.push(
        `${at}: a ${b.lang} block that is neither a file of the page's project (its first line names it: \`// test/x.test.ts\`) nor marked as a fragment (\`<!-- fragment: why -->\` on the line before the fence)`,
      )
    } else if (files.includes(b) && !runs) {
      problems.push(
        `${at}: ${b.target!.path} belongs to no run: the page has no test file (// test/….test.ts); mark it as a fragment or add the test that uses it`,
      )
    }
  }
  return problems
}
