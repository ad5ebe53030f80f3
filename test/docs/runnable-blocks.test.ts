import { expect } from "chai"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { docProject, OWN_SCENARIO, REPOSITORY_BLOB, ruleProblems } from "./doc-projects"
import { documentationFiles } from "./markdown-blocks"

// The docs' rule: every code block of README.md and docs/ is a file of a
// project that the package check builds from the page and runs from the
// packed tarball (scenario doc-blocks, or the page's own scenario), or is
// marked `<!-- fragment: why -->`. And what a page's tests start or import is
// on the page, or in examples/ and linked from it.
const root = path.join(__dirname, "..", "..")

describe("documentation code blocks run as printed", () => {
  describe("the rule", () => {
    it("fails a code block that is neither a file nor a fragment, and a fence without a language", () => {
      const md = [
        "```ts",
        'await req.send(["ping", 1])',
        "```",
        "<!-- fragment: one line of a test -->",
        "```ts",
        'await req.send(["ping", 1])',
        "```",
        "```",
        "some output",
        "```",
        "```sh",
        "npm test",
        "```",
        "```ts",
        "// test/pong.test.ts",
        'it("x", () => {})',
        "```",
      ].join("\n")
      expect(ruleProblems("docs/x.md", md)).to.deep.equal([
        "docs/x.md:2: a ts block that is neither a file of the page's project (its first line names it: `// test/x.test.ts`) nor marked as a fragment (`<!-- fragment: why -->` on the line before the fence)",
        "docs/x.md:9: a fence without a language: name it (`text` for output, `sh` for commands)",
      ])
    })

    it("fails a file of a page that runs no test", () => {
      const md = ["```yaml", "# .mocharc.yml", "spec: x", "```"].join("\n")
      expect(ruleProblems("docs/x.md", md)).to.deep.equal([
        "docs/x.md:2: .mocharc.yml belongs to no run: the page has no test file (// test/….test.ts); mark it as a fragment or add the test that uses it",
      ])
    })

    it("fails a test that starts or imports what the page neither shows nor links", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-rule-"))
      try {
        fs.mkdirSync(path.join(dir, "docs"))
        fs.mkdirSync(path.join(dir, "examples", "demo", "src"), { recursive: true })
        fs.writeFileSync(path.join(dir, "examples", "demo", "src", "worker.ts"), "")
        const md = [
          `The worker is [examples/demo/src/worker.ts](${REPOSITORY_BLOB}examples/demo/src/worker.ts).`,
          "```ts",
          "// test/a.test.ts",
          'import { handle } from "../src/logic"',
          'import { helper } from "./helper"',
          'it("x", async () => {',
          '  await startModule("src/worker.ts", [])',
          '  await startModule("src/server.ts", [])',
          '  await startProcess("node", ["dist/front.js", "--port", "1"])',
          "})",
          "```",
          "```ts",
          "// src/logic.ts",
          "export const handle = 1",
          "```",
        ].join("\n")
        fs.writeFileSync(path.join(dir, "docs", "x.md"), md)
        const project = docProject(dir, "docs/x.md")
        expect(project.tests).to.deep.equal(["test/a.test.ts"])
        expect([...project.copied]).to.deep.equal([["examples/demo/src", "src"]])
        expect(project.problems).to.deep.equal([
          "docs/x.md:3: test/a.test.ts imports ./helper, which the page neither shows nor links",
          "docs/x.md:3: test/a.test.ts starts src/server.ts, which the page neither shows nor links",
          "docs/x.md:3: test/a.test.ts starts dist/front.js, which the page neither shows nor links",
        ])
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })
  })

  for (const page of documentationFiles(root)) {
    it(`${page}: every code block is a file of its runnable project, or a marked fragment`, () => {
      const text = fs.readFileSync(path.join(root, page), "utf8")
      expect(ruleProblems(page, text)).to.deep.equal([])
      const project = docProject(root, page)
      expect(project.problems).to.deep.equal([])
      if (!(page in OWN_SCENARIO) && project.tests.length > 0)
        expect(fs.readFileSync(path.join(root, "scripts", "package-check.sh"), "utf8")).to.match(
          /^scenario doc-blocks /m,
        )
    })
  }
})
