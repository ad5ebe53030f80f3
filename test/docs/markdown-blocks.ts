import fs from "node:fs"
import path from "node:path"

/**
 * One fenced block of a markdown file. The docs' rule (test/docs/runnable-blocks.test.ts):
 * a code block is a file of a runnable project, named by its first line
 * (`// test/pong.test.ts`, `# .mocharc.yml`), or a fragment, marked by
 * `<!-- fragment: why -->` on the line before its fence.
 */
export interface FencedBlock {
  /** The markdown file, relative to the repository root. */
  file: string
  /** 1-based markdown line of the first line of code (after the fence). */
  line: number
  /** The fence's language (`ts`, `yaml`, `sh`…), "" when it has none. */
  lang: string
  code: string
  /** Why the block is not a file of a runnable project, from `<!-- fragment: why -->` just before it. */
  fragment?: string
  /** The file the block is, from its first line (`// src/pong.ts`), with the note after it, if any. */
  target?: { path: string; note?: string }
}

/** One fenced TypeScript block of a markdown file. */
export type CodeBlock = FencedBlock

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/
const FRAGMENT = /^\s*<!--\s*fragment:\s*(.*?)\s*-->\s*$/
/** `// path` or `# path`: a path with a dot (`.mocharc.yml`, `src/a.ts`), then an optional note in parentheses. */
const FILE_MARK = /^(?:\/\/|#)\s*([\w./@-]*\.[\w]+)(?:\s+\(([^)]*)\))?\s*$/

/** Every fenced block of a markdown text, in order (not a fence shown inside a longer fence). */
export function fencedBlocks(file: string, text: string): FencedBlock[] {
  const lines = text.split(/\r?\n/)
  const blocks: FencedBlock[] = []
  let previous = "" // the last non-blank line before a fence
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) {
      if (lines[i].trim()) previous = lines[i]
      continue
    }
    const [, indent, fence, lang] = open
    const start = i + 1
    let end = start
    // A closing fence is the fence's character, at least as many times, and nothing else (CommonMark).
    const closing = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`)
    while (end < lines.length && !closing.test(lines[end])) end++
    const code = lines
      .slice(start, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
      .join("\n")
    const fragment = FRAGMENT.exec(previous)?.[1]
    const mark = FILE_MARK.exec(code.split("\n")[0] ?? "")
    blocks.push({
      file,
      line: start + 1,
      lang,
      code,
      ...(fragment !== undefined ? { fragment } : {}),
      ...(mark ? { target: { path: mark[1], ...(mark[2] ? { note: mark[2] } : {}) } } : {}),
    })
    i = end
    previous = ""
  }
  return blocks
}

/** The ```ts / ```typescript blocks of a markdown text, in order. */
export function tsBlocks(file: string, text: string): CodeBlock[] {
  return fencedBlocks(file, text).filter((b) => b.lang === "ts" || b.lang === "typescript")
}

/** README.md and every docs/*.md (not the generated API reference), relative to `root`. */
export function documentationFiles(root: string): string[] {
  const docs = fs
    .readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`)
  return ["README.md", ...docs]
}
