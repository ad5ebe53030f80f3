import fs from "node:fs"
import path from "node:path"

/** One fenced TypeScript block of a markdown file. */
export interface CodeBlock {
  /** The markdown file, relative to the repository root. */
  file: string
  /** 1-based line of the first line of code (after the fence). */
  line: number
  code: string
  /** Why the block is not type-checked, from `<!-- not-checked: reason -->` just before it. */
  notChecked?: string
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/
const OPT_OUT = /^\s*<!--\s*not-checked:\s*(.*?)\s*-->\s*$/

/** The ```ts / ```typescript blocks of a markdown text, in order. */
export function tsBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/)
  const blocks: CodeBlock[] = []
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
    if (lang === "ts" || lang === "typescript") {
      const code = lines
        .slice(start, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join("\n")
      const notChecked = OPT_OUT.exec(previous)?.[1]
      blocks.push({
        file,
        line: start + 1,
        code,
        ...(notChecked !== undefined ? { notChecked } : {}),
      })
    }
    i = end
    previous = ""
  }
  return blocks
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
