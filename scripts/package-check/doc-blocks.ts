// Writes every TypeScript block of README.md and docs/*.md, wrapped as
// test/docs/typecheck-blocks.ts wraps them for the project's own check, into
// a folder of the package check's strict scratch project, where they are
// type-checked against the installed package instead of lib/.
//
//   node -r ts-node/register/transpile-only scripts/package-check/doc-blocks.ts <dir>
import fs from "node:fs"
import path from "node:path"
import { documentationFiles, tsBlocks } from "../../test/docs/markdown-blocks"
import { blockSources } from "../../test/docs/typecheck-blocks"

const dir = process.argv[2]
if (!dir) throw new Error("usage: doc-blocks.ts <dir>")
const root = path.join(__dirname, "..", "..")
const blocks = documentationFiles(root).flatMap((file) =>
  tsBlocks(file, fs.readFileSync(path.join(root, file), "utf8")),
)
fs.mkdirSync(dir, { recursive: true })
const files = blockSources(blocks)
for (const [name, source] of files) fs.writeFileSync(path.join(dir, name), source)
console.log(`${files.size} files from ${blocks.length} blocks`)
