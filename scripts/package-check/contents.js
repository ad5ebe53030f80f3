// Checks the unpacked package (the folder `tar xzf` makes of the tarball):
// what a user's install receives, not what the repository holds.
//
//   node contents.js <unpacked package folder>
//
// Prints each problem and exits 1 when there is one.
const fs = require("node:fs")
const path = require("node:path")

const dir = process.argv[2]
const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))
const problems = []
const has = (file) => fs.existsSync(path.join(dir, file))

for (const file of ["LICENSE", "README.md", "docs/getting-started.md"]) {
  if (!has(file)) problems.push(`expected ${file} in the package, got none`)
}
for (const field of ["repository", "bugs", "homepage"]) {
  if (!pkg[field]) problems.push(`expected package.json "${field}", got none`)
}
// npm flags these in the user's install (and runs all but prepare).
for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
  if (pkg.scripts?.[script])
    problems.push(
      `expected no "${script}" script in the published package.json, got ${JSON.stringify(pkg.scripts[script])}`,
    )
}
// One native zeromq in the user's tree: theirs.
if (pkg.dependencies?.zeromq)
  problems.push(`expected zeromq as a peer dependency, got it in "dependencies"`)
for (const peer of ["zeromq", "mocha", "chai"]) {
  if (!pkg.peerDependencies?.[peer])
    problems.push(`expected ${peer} in "peerDependencies", got none`)
}
// Every file that "exports", "main", "types" and "typesVersions" name is there.
const named = [pkg.main, pkg.types]
const walk = (value) => {
  if (typeof value === "string") named.push(value)
  else if (value && typeof value === "object") Object.values(value).forEach(walk)
}
walk(pkg.exports)
walk(pkg.typesVersions)
for (const file of named.filter(Boolean)) {
  if (!has(file)) problems.push(`package.json names ${file}, which the package does not have`)
}
// A stack mapped through a source map names its sources: they must be in the package.
const maps = []
const find = (d) => {
  for (const e of fs.readdirSync(path.join(dir, d), { withFileTypes: true })) {
    const rel = path.join(d, e.name)
    if (e.isDirectory()) find(rel)
    else if (e.name.endsWith(".map")) maps.push(rel)
  }
}
find(".")
for (const map of maps) {
  const { sources = [] } = JSON.parse(fs.readFileSync(path.join(dir, map), "utf8"))
  for (const source of sources) {
    if (!has(path.join(path.dirname(map), source)))
      problems.push(`${map} maps to ${source}, which the package lacks`)
  }
}
// Loaded by path, not imported: lib/stubs/prepare.ts hands the child
// `--require <dist/stubs/child/preload.js>`, which loads the rest itself.
for (const file of ["dist/stubs/child/preload.js", "dist/stubs/child/runtime.js"]) {
  if (!has(file))
    problems.push(`expected ${file} in the package (the child stubs' preload), got none`)
}
for (const p of problems) console.log(p)
console.log(
  `${maps.length} source maps, ${named.length} named files checked; ${problems.length} problem(s)`,
)
process.exit(problems.length ? 1 : 0)
