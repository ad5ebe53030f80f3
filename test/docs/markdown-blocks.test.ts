import { expect } from "chai"
import { tsBlocks } from "./markdown-blocks"

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
      { file: "x.md", line: 4, code: "const a = 1" },
      { file: "x.md", line: 8, code: "const b = 2" },
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

  it("opts a block out only with the comment on the last non-blank line before it", () => {
    const md = [
      "<!-- not-checked: pseudo-code -->",
      "",
      "```ts",
      "a",
      "```",
      "<!-- not-checked: too far -->",
      "some text",
      "```ts",
      "b",
      "```",
    ].join("\n")
    expect(tsBlocks("x.md", md).map((b) => b.notChecked)).to.deep.equal(["pseudo-code", undefined])
  })
})
