import * as fs from "node:fs"
import * as path from "node:path"
import ts from "typescript"
import * as chai from "chai"
import * as harness from "../../lib"
import { tsBlocks } from "../docs/markdown-blocks"

// The examples of docs/explore.md that are whole tests (`it(…)` blocks) run here, as written:
// test/docs only type-checks them. "zmq-harness" is this repository's lib/.
const file = "docs/explore.md"
const text = fs.readFileSync(path.join(__dirname, "../..", file), "utf8")
const modules: Record<string, unknown> = { "zmq-harness": harness, chai }

describe(`the examples of ${file}`, () => {
  // Not those that start an application of the reader's (`src/…`).
  const blocks = tsBlocks(file, text).filter(
    (b) => /^it\(/m.test(b.code) && !b.fragment && !b.code.includes('"src/'),
  )

  it("has examples to run", () => {
    chai.expect(blocks.length).to.be.at.least(1)
  })

  for (const block of blocks) {
    const js = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText
    const fakeRequire = (name: string) => {
      if (!(name in modules)) throw new Error(`${file}:${block.line}: unexpected import ${name}`)
      return modules[name]
    }
    // Each block calls it("title", fn): registered under this describe, titled by its line.
    new Function("require", "exports", "it", js)(
      fakeRequire,
      {},
      (t: string, fn: Mocha.AsyncFunc) => it(`${file}:${block.line} ${t}`, fn),
    )
  }
})
