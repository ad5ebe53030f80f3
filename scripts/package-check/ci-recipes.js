// Prints, as a bash script, the test commands of the CI recipes of a
// markdown page (docs/ci.md), for the package check to run in a scratch
// project: the workflow files themselves cannot run here, but the commands
// they run can, with the environment they give them.
//
//   node ci-recipes.js <page.md>  >  recipes.sh
//
// - a GitHub Actions workflow (```yaml whose first line is
//   `# .github/workflows/….yml`): every step's `run`, with the job's and the
//   step's `env`;
// - a GitLab CI file (`# .gitlab-ci.yml`): every job's `script` lines, with
//   its `variables`;
// - a ```sh block: every line that runs mocha.
// A ```ts or ```js block whose first line names a file (`// reporters/x.ts`)
// is written to that file, under the current folder: the recipes use it.
// `npm ci` is left out: the scratch project is installed already. Each
// command becomes `recipe "<where>" env K=V … bash -c '<command>'`; the package
// check defines `recipe` (it runs the command and checks what it left).
const fs = require("node:fs")
const path = require("node:path")
const yaml = require("js-yaml") // Mocha's own YAML parser, from the repository's node_modules

const [page] = process.argv.slice(2)
if (!page) {
  console.error("usage: node ci-recipes.js <page.md>")
  process.exit(2)
}

function blocks(text) {
  const out = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i])
    if (!open) continue
    const [, indent, fence, lang] = open
    const closing = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`)
    let end = i + 1
    while (end < lines.length && !closing.test(lines[end])) end++
    const body = lines
      .slice(i + 1, end)
      .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
    out.push({ lang, line: i + 1, lines: body })
    i = end
  }
  return out
}

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`
const commands = []
const add = (where, env, command) => {
  if (/^npm ci\b/.test(command.trim())) return
  const assignments = Object.entries(env ?? {}).map(([k, v]) => `${k}=${quote(v)}`)
  commands.push(`recipe ${quote(where)} env ${assignments.join(" ")} bash -c ${quote(command)}`)
}

for (const block of blocks(fs.readFileSync(page, "utf8"))) {
  const where = `${page}:${block.line}`
  const first = block.lines[0] ?? ""
  if (block.lang === "yaml" && /^#\s*\.github\/workflows\//.test(first)) {
    const workflow = yaml.load(block.lines.join("\n"))
    for (const job of Object.values(workflow.jobs ?? {}))
      for (const step of job.steps ?? [])
        if (step.run) add(where, { ...job.env, ...step.env }, step.run)
  } else if (block.lang === "yaml" && /^#\s*\.gitlab-ci\.yml/.test(first)) {
    const pipeline = yaml.load(block.lines.join("\n"))
    for (const job of Object.values(pipeline))
      if (job && Array.isArray(job.script))
        for (const line of job.script) add(where, job.variables, line)
  } else if (block.lang === "sh") {
    for (const line of block.lines) if (/\bmocha\b/.test(line)) add(where, {}, line)
  } else if (/^(ts|js)$/.test(block.lang)) {
    const file = /^\/\/\s*([\w./-]+\.[cm]?[tj]s)\s*$/.exec(first)?.[1]
    if (!file) continue
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, block.lines.join("\n") + "\n")
  }
}
if (commands.length === 0) {
  console.error(`${page}: expected CI recipes (a workflow block or a mocha command), got none`)
  process.exit(1)
}
console.log(commands.join("\n"))
