// The shared suite's results in a package-check project (scripts/package-check.sh,
// runner-node-test, runner-vitest, runner-jest): reads the JSON lines of the shared suite's
// reporters (test/runners/shared/node-test-reporter.mjs, vitest-reporter.mjs, jest-reporter.cjs) and checks
// each case of the project's cases.ts passed, or failed with its message. Exit code 1 and one
// line per problem otherwise.
//   tsx runner-results.ts <results.jsonl> <cases.ts>
import * as fs from "node:fs"
import * as path from "node:path"

interface Event {
  event: string
  name?: string
  nesting?: number
  error?: { message: string }
}

const [resultsFile, casesFile] = process.argv.slice(2)
const { sharedCases } = require(path.resolve(casesFile)) as {
  sharedCases: { title: string; fails?: RegExp }[]
}
const ended = new Map<string, Event>()
for (const line of fs.readFileSync(resultsFile, "utf8").split("\n")) {
  if (!line.startsWith("{")) continue
  const event = JSON.parse(line) as Event
  if ((event.event === "pass" || event.event === "fail") && event.nesting === 0) {
    ended.set(event.name!, event)
  }
}
const problems: string[] = []
for (const c of sharedCases) {
  const event = ended.get(c.title)
  if (!event) problems.push(`"${c.title}": no result`)
  else if (!c.fails && event.event !== "pass")
    problems.push(`"${c.title}": failed: ${event.error?.message}`)
  else if (c.fails && (event.event !== "fail" || !c.fails.test(event.error?.message ?? "")))
    problems.push(`"${c.title}": expected a failure matching ${c.fails}, got ${event.event}`)
}
for (const p of problems) console.log(`package-check: ${p}`)
console.log(
  `shared suite: ${sharedCases.length - problems.length} of ${sharedCases.length} cases as expected`,
)
process.exit(problems.length === 0 ? 0 : 1)
