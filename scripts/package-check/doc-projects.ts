// Writes the runnable project of every page of the docs (test/docs/doc-projects.ts)
// into <dir>/<page name>/, and prints one line per page that has tests:
// `<name> <runs> <tsc|->` (runs: 2 when a test writes what a second run reads
// back, golden files or cassettes; tsc when the page has TypeScript files to
// type-check). The package check's doc-blocks scenario runs them.
//
//   node -r ts-node/register/transpile-only scripts/package-check/doc-projects.ts <dir>
import fs from "node:fs"
import path from "node:path"
import { docProject, OWN_SCENARIO } from "../../test/docs/doc-projects"
import { documentationFiles } from "../../test/docs/markdown-blocks"

const dir = process.argv[2]
if (!dir) throw new Error("usage: doc-projects.ts <dir>")
const root = path.join(__dirname, "..", "..")
let failed = false
for (const page of documentationFiles(root)) {
  if (page in OWN_SCENARIO) continue
  const project = docProject(root, page)
  if (project.tests.length === 0) continue
  if (project.problems.length) {
    console.error(project.problems.join("\n"))
    failed = true
  }
  const name = path.basename(page, ".md")
  const out = path.join(dir, name)
  for (const [from, to] of project.copied)
    fs.cpSync(path.join(root, from), path.join(out, to), { recursive: true })
  for (const [file, text] of project.files) {
    fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true })
    fs.writeFileSync(path.join(out, file), text)
  }
  const typed = [...project.files.keys()].some((f) => /\.[cm]?ts$/.test(f))
  console.log(`${name} ${project.twice ? 2 : 1} ${typed ? "tsc" : "-"}`)
}
if (failed) process.exit(1)
