import { expect } from "chai"
import fs from "node:fs"
import path from "node:path"
import { documentationFiles, tsBlocks, type CodeBlock } from "./markdown-blocks"
import { typecheckBlocks, type BlockDiagnostic } from "./typecheck-blocks"

// Every ```ts block of README.md and docs/*.md is type-checked against lib/,
// so a sample cannot rot. A block may opt out with
// `<!-- not-checked: reason -->` on the line before its fence.
const root = path.join(__dirname, "..", "..")

// Blocks of our own go into the same program: proof that the check can fail,
// that an opted-out block is skipped, and that the application's own modules
// (relative imports) and the usual fragment names (`req`, `proc`, `run`) are
// given a type; `…` stands for elided code.
const selfTest: CodeBlock[] = [
  ...tsBlocks(
    "self-test.md",
    [
      "```ts",
      'const s = await socket("req", { connect: "tcp://127.0.0.1:5678" })',
      "await s.sendd([1])",
      "```",
      "<!-- not-checked: shows a mistake -->",
      "```ts",
      "this is not TypeScript",
      "```",
      "```ts",
      'import { PongWorker } from "../src/worker"',
      "new PongWorker(1).start()",
      "await req.send(['ping', 1])",
      "proc.kill('SIGINT')",
      "expect(run.code).to.equal(0)",
      'describe("x", () => { … })',
      "```",
    ].join("\n"),
  ),
]

describe("documentation code blocks", function () {
  this.timeout(60000)
  const files = documentationFiles(root)
  const blocks = files.flatMap((file) =>
    tsBlocks(file, fs.readFileSync(path.join(root, file), "utf8")),
  )
  let problems: BlockDiagnostic[] = []

  before(function () {
    problems = typecheckBlocks([...selfTest, ...blocks])
  })

  it("catches a block that does not type-check, skips one that opted out, types app imports and fragments", () => {
    expect(selfTest.map((b) => b.notChecked)).to.deep.equal([
      undefined,
      "shows a mistake",
      undefined,
    ])
    expect(
      problems.filter((p) => p.block.file === "self-test.md").map((p) => p.text),
    ).to.deep.equal([
      "self-test.md:3: Property 'sendd' does not exist on type 'TestSocket'. Did you mean 'send'?",
    ])
  })

  for (const file of files) {
    it(`type-checks every TypeScript block of ${file}`, () => {
      const own = problems.filter((p) => p.block.file === file).map((p) => p.text)
      expect(own, `${file} has code blocks that do not type-check`).to.deep.equal([])
    })
  }
})
