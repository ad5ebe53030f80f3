/**
 * Checks every link of README.md and docs/*.md against what users get.
 *
 * The docs ship inside the npm package, so a relative link must name a file
 * that `npm pack` ships (and a heading that exists, for `#anchor`s); a file
 * that only the repository has (examples/, test/, bench/) is linked by the
 * repository's URL, and that link must name a file the repository has.
 *
 *   node -r ts-node/register/transpile-only scripts/check-links.ts
 *
 * Prints one line per markdown file and ends with `N passed, N failed`
 * (one per file); exits 1 when a link is broken.
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"

/** The repository's address, as package.json's "repository" gives it. */
export const REPOSITORY = "https://github.com/zmq-harness/zmq-harness"

export interface MarkdownFile {
  /** Path relative to the package root, with forward slashes. */
  file: string
  text: string
}

export interface LinkProblem {
  file: string
  line: number
  link: string
  why: string
}

interface Link {
  line: number
  target: string
}

const FENCE = /^\s*(`{3,}|~{3,})/

/** The link targets of a markdown text, outside code: `[text](target)`, `![alt](target)`, `[ref]: target`. */
export function linksOf(text: string): Link[] {
  const links: Link[] = []
  let fence: string | undefined
  text.split(/\r?\n/).forEach((raw, i) => {
    const open = FENCE.exec(raw)
    if (open) {
      if (fence === undefined) fence = open[1]
      else if (raw.trim().startsWith(fence)) fence = undefined
      return
    }
    if (fence !== undefined) return
    const line = raw.replace(/`[^`]*`/g, (code) => " ".repeat(code.length)) // inline code is not a link
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: i + 1, target: m[1]! })
    }
    const ref = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line)
    if (ref) links.push({ line: i + 1, target: ref[1]! })
  })
  return links
}

/** GitHub's anchors for the headings of a markdown text. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fence: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    const open = FENCE.exec(raw)
    if (open) {
      if (fence === undefined) fence = open[1]
      else if (raw.trim().startsWith(fence)) fence = undefined
      continue
    }
    const heading = fence === undefined ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw) : null
    if (!heading) continue
    const slug = heading[1]!
      .toLowerCase()
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-")
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    anchors.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return anchors
}

/**
 * The broken links of `files`. `shipped`: the files of the package;
 * `repository`: the files of the repository (folders are derived from them).
 */
export function checkLinks(
  files: readonly MarkdownFile[],
  shipped: ReadonlySet<string>,
  repository: ReadonlySet<string>,
): LinkProblem[] {
  const texts = new Map(files.map((f) => [f.file, f.text]))
  const folders = (set: ReadonlySet<string>) =>
    new Set(
      [...set].flatMap((f) =>
        f
          .split("/")
          .slice(0, -1)
          .map((_, i, a) => a.slice(0, i + 1).join("/")),
      ),
    )
  const repoFolders = folders(repository)
  const shippedFolders = folders(shipped)
  const problems: LinkProblem[] = []
  for (const { file, text } of files) {
    for (const { line, target } of linksOf(text)) {
      const problem = (why: string) => problems.push({ file, line, link: target, why })
      if (target.startsWith(`${REPOSITORY}/`)) {
        const m = /^\/(blob|tree)\/main\/([^#?]+?)\/?(?:[#?].*)?$/.exec(
          target.slice(REPOSITORY.length),
        )
        if (!m) {
          if (!/^\/(issues|pulls?)\b/.test(target.slice(REPOSITORY.length)))
            problem(`expected ${REPOSITORY}/blob/main/<file> or /tree/main/<folder>`)
          continue
        }
        const [, kind, repoPath] = m as unknown as [string, string, string]
        const exists = kind === "blob" ? repository.has(repoPath) : repoFolders.has(repoPath)
        if (!exists)
          problem(`the repository has no ${kind === "blob" ? "file" : "folder"} ${repoPath}`)
        continue
      }
      if (target === REPOSITORY || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue // another site, mailto:
      const [pathPart = "", anchor] = target.split("#", 2)
      const resolved = pathPart
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(pathPart)))
        : file
      const asFolder = resolved.replace(/\/$/, "")
      if (!shipped.has(resolved) && !shippedFolders.has(asFolder)) {
        problem(
          repository.has(resolved) || repoFolders.has(asFolder)
            ? `the package does not ship ${resolved}: link ${REPOSITORY}/${repository.has(resolved) ? "blob" : "tree"}/main/${asFolder}`
            : `no such file ${resolved} in the package`,
        )
        continue
      }
      if (anchor && resolved.endsWith(".md")) {
        const targetText = texts.get(resolved)
        if (targetText !== undefined && !anchorsOf(targetText).has(anchor))
          problem(`${resolved} has no heading #${anchor}`)
      }
    }
  }
  return problems
}

/** The files `npm pack` would ship, relative to `root`. */
export function packedFiles(root: string): Set<string> {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  })
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[]
  return new Set(pack!.files.map((f) => f.path))
}

/** The files git tracks, relative to `root` (the tree on disk when it is not a git checkout). */
export function repositoryFiles(root: string): Set<string> {
  try {
    const out = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
    return new Set(out.split("\0").filter(Boolean))
  } catch {
    const files = new Set<string>()
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        if (e.name === "node_modules" || e.name === ".git") continue
        const rel = dir ? `${dir}/${e.name}` : e.name
        if (e.isDirectory()) walk(rel)
        else files.add(rel)
      }
    }
    walk("")
    return files
  }
}

function main(): void {
  const root = path.join(__dirname, "..")
  const shipped = packedFiles(root)
  const markdown = [...shipped].filter((f) => f.endsWith(".md")).sort()
  const files = markdown.map((file) => ({
    file,
    text: fs.readFileSync(path.join(root, file), "utf8"),
  }))
  const problems = checkLinks(files, shipped, repositoryFiles(root))
  let failed = 0
  for (const { file, text } of files) {
    const own = problems.filter((p) => p.file === file)
    if (own.length) failed++
    console.log(`${own.length ? "FAIL" : "ok  "} ${file} (${linksOf(text).length} links)`)
    for (const p of own) console.log(`     ${p.file}:${p.line}: ${p.link}: ${p.why}`)
  }
  console.log(`${files.length - failed} passed, ${failed} failed`)
  process.exitCode = failed ? 1 : 0
}

if (require.main === module) main()
