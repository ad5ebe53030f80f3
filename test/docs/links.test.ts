import { expect } from "chai"
import { anchorsOf, checkLinks, REPOSITORY } from "../../scripts/check-links"

// The link checker that CI runs on README.md and docs/ (npm run check-links):
// proof that it catches each kind of broken link and passes good ones.
describe("documentation link checker", () => {
  const shipped = new Set(["README.md", "LICENSE", "docs/index.md", "docs/a.md", "dist/index.js"])
  const repository = new Set([...shipped, "bench/results.md", "examples/x/src/app.ts"])
  const check = (file: string, text: string) =>
    checkLinks(
      [
        { file, text },
        { file: "docs/a.md", text: "# Title\n\n## TypeScript 5 and ts-node\n" },
      ],
      shipped,
      repository,
    ).map((p) => `${p.file}:${p.line}: ${p.link}: ${p.why}`)

  it("passes links to shipped files and headings, to the repository's files, and to other sites", () => {
    const text = [
      "[a](a.md) [i](./index.md) [r](../README.md) [l](../LICENSE)",
      "[h](a.md#typescript-5-and-ts-node) [self](#local)",
      `[e](${REPOSITORY}/blob/main/examples/x/src/app.ts) [d](${REPOSITORY}/tree/main/examples/x)`,
      "[w](https://tsx.is) [issues](" + REPOSITORY + "/issues)",
      "## Local",
      "```md",
      "[not a link](nowhere.md)",
      "```",
      "`[code](nowhere.md)`",
    ].join("\n")
    expect(check("docs/index.md", text)).to.deep.equal([])
  })

  it("fails a link to a file the package does not ship, naming the repository URL to use", () => {
    expect(check("README.md", "see [results](bench/results.md)")).to.deep.equal([
      `README.md:1: bench/results.md: the package does not ship bench/results.md: link ${REPOSITORY}/blob/main/bench/results.md`,
    ])
  })

  it("fails a link to no file, a missing heading, and a repository URL naming no file", () => {
    const text = [
      "[s](stubs.md)",
      "[h](a.md#no-such-heading)",
      `[e](${REPOSITORY}/blob/main/examples/x/src/gone.ts)`,
      `[t](${REPOSITORY}/tree/main/examples/y)`,
    ].join("\n")
    expect(check("docs/index.md", text)).to.deep.equal([
      "docs/index.md:1: stubs.md: no such file docs/stubs.md in the package",
      "docs/index.md:2: a.md#no-such-heading: docs/a.md has no heading #no-such-heading",
      `docs/index.md:3: ${REPOSITORY}/blob/main/examples/x/src/gone.ts: the repository has no file examples/x/src/gone.ts`,
      `docs/index.md:4: ${REPOSITORY}/tree/main/examples/y: the repository has no folder examples/y`,
    ])
  })

  it("makes GitHub's anchors: lower case, punctuation dropped, numbered duplicates", () => {
    expect([...anchorsOf("# Use it: `npm` & go\n## Next\n## Next\n")]).to.deep.equal([
      "use-it-npm--go",
      "next",
      "next-1",
    ])
  })
})
