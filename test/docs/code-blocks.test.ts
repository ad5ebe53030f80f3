import { expect } from "chai"
import fs from "node:fs"
import path from "node:path"
import { documentationFiles, tsBlocks, type CodeBlock } from "./markdown-blocks"
import { typecheckBlocks, type BlockDiagnostic } from "./typecheck-blocks"

// Every ```ts block of README.md and docs/*.md, fragments included, is
// type-checked against lib/, so a sample cannot rot. (The complete ones are
// also run, from the packed tarball, by the package check's doc-blocks
// scenario: test/docs/runnable-blocks.test.ts.)
const root = path.join(__dirname, "..", "..")

// Blocks of our own go into the same program: proof that the check can fail,
// that it checks fragments too, and that the application's own modules
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
      "<!-- fragment: shows a mistake -->",
      "```ts",
      "await req.recvv()",
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

  it("catches a block that does not type-check, fragments too, and types app imports and fragments' names", () => {
    expect(selfTest.map((b) => b.fragment)).to.deep.equal([undefined, "shows a mistake", undefined])
    expect(
      problems.filter((p) => p.block.file === "self-test.md").map((p) => p.text),
    ).to.deep.equal([
      "self-test.md:3: Property 'sendd' does not exist on type 'TestSocket'. Did you mean 'send'?",
      "self-test.md:7: Property 'recvv' does not exist on type 'TestSocket'. Did you mean 'recv'?",
    ])
  })

  for (const file of files) {
    it(`type-checks every TypeScript block of ${file}`, () => {
      const own = problems.filter((p) => p.block.file === file).map((p) => p.text)
      expect(own, `${file} has code blocks that do not type-check`).to.deep.equal([])
    })
  }
})
