// Builds a scratch project from a markdown page, as a reader would: every
// fenced block whose first line names a file (`// src/pong.ts`,
// `# .mocharc.yml`, `// package.json (merge into yours)`) is written to that
// file, and the page's first `npm install … zmq-harness …` line is written
// to install.sh with the packed tarball in place of the registry name.
//
//   node from-doc.js <page.md> <project dir> <tarball>
//
// It fails when the page has no install line, no .mocharc.yml, no
// tsconfig.json or no test file, so the package check breaks when the page
// changes shape instead of testing something else.
const fs = require("node:fs")
const path = require("node:path")

const [page, dir, tarball] = process.argv.slice(2)
if (!page || !dir || !tarball) {
  console.error("usage: node from-doc.js <page.md> <project dir> <tarball>")
  process.exit(2)
}

/** The fenced blocks of a markdown text: { lang, lines }. */
function blocks(text) {
  const out = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i])
    if (!open) continue
    const [, indent, fence, lang] = open
    const closing = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`)
    let end = i + 1
    while (end < lines.length && !closing.test(lines[end])) end++
    const body = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
    out.push({ lang, lines: body })
    i = end
  }
  return out
}

// `// path` or `# path`, the path holding a dot or a slash, then an optional note in parentheses.
const FILE_MARK = /^(?:\/\/|#)\s*([\w./@-]+\.[\w]+)(?:\s+\(([^)]*)\))?\s*$/

const text = fs.readFileSync(page, "utf8")
const written = []
let install
for (const block of blocks(text)) {
  if (block.lang === "sh" && !install) {
    install = block.lines.find((l) => /^npm install\b.*\bzmq-harness\b/.test(l))
    continue
  }
  const mark = FILE_MARK.exec(block.lines[0] ?? "")
  if (!mark) continue
  const file = mark[1]
  const target = path.join(dir, file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  if (file === "package.json") {
    // A fragment to merge: its keys' entries go into the project's package.json.
    const fragment = JSON.parse(block.lines.slice(1).join("\n"))
    const pkg = JSON.parse(fs.readFileSync(target, "utf8"))
    for (const [key, value] of Object.entries(fragment)) pkg[key] = { ...pkg[key], ...value }
    fs.writeFileSync(target, JSON.stringify(pkg, null, 2) + "\n")
  } else {
    fs.writeFileSync(target, block.lines.join("\n") + "\n")
  }
  written.push(file)
}

const missing = []
if (!install) missing.push("an `npm install … zmq-harness …` line in a ```sh block")
for (const [what, test] of [
  [".mocharc.yml", (f) => f === ".mocharc.yml"],
  ["tsconfig.json", (f) => f === "tsconfig.json"],
  ["a test file (// test/….test.ts)", (f) => /^test\/.*\.test\.[cm]?[tj]s$/.test(f)],
]) {
  if (!written.some(test)) missing.push(what)
}
if (missing.length) {
  console.error(
    `${page}: expected ${missing.join(", ")}, got none: the page changed shape; update it or scripts/package-check/from-doc.js.`,
  )
  process.exit(1)
}
// The registry name becomes the tarball; everything else runs as printed.
const command = install.replace(/(^|\s)zmq-harness(?=\s|$)/, `$1${tarball}`)
fs.writeFileSync(path.join(dir, "install.sh"), `${command}\n`)
console.log(`${page}: ${written.join(", ")}; install: ${install}`)
