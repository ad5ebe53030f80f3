import { expect } from "chai"
import fs from "node:fs"
import path from "node:path"

// docs/index.md lists every page of docs/ once, and README.md's feature paragraphs link the
// guides of its "Guides, one per feature" section, in the same order: a new guide (or one
// merged from a branch) shows in both places, and the two read alike.
const root = path.join(__dirname, "..", "..")
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8")

/** The pages linked by list items of `text` (`- [Title](page.md) — …`), in order. */
function listedPages(text: string): string[] {
  return [...text.matchAll(/^- \[[^\]]+\]\(([\w-]+\.md)\)/gm)].map((m) => m[1])
}

/** The section of a markdown text under `## heading`, up to the next `## `. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section "## ${heading}"`)
  const end = text.indexOf("\n## ", start + 1)
  return text.slice(start, end < 0 ? undefined : end)
}

describe("docs/index.md and README.md list the guides", () => {
  const index = read("docs/index.md")

  it("docs/index.md links every page of docs/ in one list item, once", () => {
    const pages = fs
      .readdirSync(path.join(root, "docs"))
      .filter((f) => f.endsWith(".md") && f !== "index.md")
      .sort()
    const listed = [...index.matchAll(/^- .*$/gm)].flatMap((line) =>
      [...line[0].matchAll(/\]\(([\w-]+\.md)\)/g)].map((m) => m[1]),
    )
    expect([...listed].sort(), "each page once").to.deep.equal(pages)
  })

  it("README.md's feature paragraphs link the feature guides in docs/index.md's order", () => {
    const guides = listedPages(section(index, "Guides, one per feature"))
    expect(guides.length).to.be.at.least(10)
    const readme = section(read("README.md"), "What is in the box")
    const linked = [...readme.matchAll(/→ .*$/gm)].flatMap((line) =>
      [...line[0].matchAll(/\]\(docs\/([\w-]+\.md)\)/g)].map((m) => m[1]),
    )
    expect(linked.filter((page) => guides.includes(page))).to.deep.equal(guides)
  })
})
