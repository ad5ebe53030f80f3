import { expect } from "chai"
import { fencedBlocks, tsBlocks } from "./markdown-blocks"

describe("markdown code block extraction", () => {
  it("takes ts and typescript blocks with the markdown line of their first line", () => {
    const md = [
      "# T",
      "",
      "```ts",
      "const a = 1",
      "```",
      "text",
      "```typescript",
      "const b = 2",
      "```",
    ].join("\n")
    expect(tsBlocks("x.md", md)).to.deep.equal([
      { file: "x.md", line: 4, lang: "ts", code: "const a = 1" },
      { file: "x.md", line: 8, lang: "typescript", code: "const b = 2" },
    ])
  })

  it("leaves other languages alone, and a ts fence shown inside a longer fence", () => {
    const md = [
      "```sh",
      "npm test",
      "```",
      "````md",
      "```ts",
      "shown, not code",
      "```",
      "````",
    ].join("\n")
    expect(tsBlocks("x.md", md)).to.deep.equal([])
  })

  it("removes the indentation of a block inside a list item", () => {
    const md = ["- item", "", "  ```ts", "  if (x) {", "    y()", "  }", "  ```"].join("\n")
    expect(tsBlocks("x.md", md)[0].code).to.equal("if (x) {\n  y()\n}")
  })

  it("marks a fragment only with the comment on the last non-blank line before it", () => {
    const md = [
      "<!-- fragment: pseudo-code -->",
      "",
      "```ts",
      "a",
      "```",
      "<!-- fragment: too far -->",
      "some text",
      "```ts",
      "b",
      "```",
    ].join("\n")
    expect(tsBlocks("x.md", md).map((b) => b.fragment)).to.deep.equal(["pseudo-code", undefined])
  })

  it("reads the file a block is from its first line, with a note, in any language", () => {
    const md = [
      "```ts",
      "// test/pong.test.ts",
      "```",
      "```yaml",
      "# .mocharc.yml",
      "```",
      "```jsonc",
      "// package.json (merge into yours)",
      "```",
      "```ts",
      "// a comment, not a file",
      "```",
      "```text",
      "output",
      "```",
    ].join("\n")
    expect(fencedBlocks("x.md", md).map((b) => [b.lang, b.target])).to.deep.equal([
      ["ts", { path: "test/pong.test.ts" }],
      ["yaml", { path: ".mocharc.yml" }],
      ["jsonc", { path: "package.json", note: "merge into yours" }],
      ["ts", undefined],
      ["text", undefined],
    ])
  })
})
