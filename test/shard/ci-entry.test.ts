import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import * as ts from "typescript"
import * as root from "../../lib"
import * as ci from "../../lib/ci"

// zmq-harness/ci holds the CI functions; the root keeps them for code written against 0.1.0
// (CHANGELOG: Deprecated), the same functions, marked @deprecated where index.ts re-exports them.
describe("zmq-harness/ci", () => {
  const moved = ["shardOf", "mergeArtifacts", "writeIndex", "readTestMetas"] as const

  it("exports the CI functions, the same ones the root still exports", () => {
    for (const name of moved) {
      expect(ci[name], name).to.be.a("function")
      expect(root[name], name).to.equal(ci[name])
    }
    expect(ci.ShardError).to.equal(root.ShardError)
    expect(ci.MergeArtifactsError).to.equal(root.MergeArtifactsError)
  })

  it("marks each moved name @deprecated at the root, pointing at zmq-harness/ci", () => {
    const file = path.join(__dirname, "../../lib/index.ts")
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      true,
    )
    const deprecated = new Map<string, string>()
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement) || !statement.exportClause) continue
      if (!ts.isNamedExports(statement.exportClause)) continue
      for (const specifier of statement.exportClause.elements) {
        const tag = ts.getJSDocDeprecatedTag(specifier)
        if (tag) deprecated.set(specifier.name.text, ts.getTextOfJSDocComment(tag.comment) ?? "")
      }
    }
    const types = [
      "ShardSpec",
      "MergeOptions",
      "MergeResult",
      // Named at the root (0.2.0) so that the deprecated MergeResult's `skipped` has a nameable type.
      "MergeSkip",
      "IndexOptions",
      "IndexResult",
      "TestMeta",
      "LaneSummary",
    ]
    expect([...deprecated.keys()].sort()).to.deep.equal([...moved, ...types].sort())
    for (const [name, text] of deprecated) expect(text, name).to.include("`zmq-harness/ci`")
  })
})
