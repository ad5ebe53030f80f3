// A Vitest reporter for the parent run of the shared suite: the same JSON lines as
// node-test-reporter.mjs (one per test that ended: its name, whether it passed, its first
// error's message and stack, when), then "end". Vitest's own JSON reporter keeps only the stack
// of a timeout, not the message the hang report extends.
export default class SharedReporter {
  onTestCaseResult(testCase) {
    const result = testCase.result()
    if (result.state !== "passed" && result.state !== "failed") return
    const error = result.errors?.[0]
    const line = {
      event: result.state === "passed" ? "pass" : "fail",
      name: testCase.name,
      nesting: 0,
      error: error && { message: String(error.message), stack: String(error.stack ?? "") },
      at: Date.now(),
    }
    process.stdout.write(JSON.stringify(line) + "\n")
  }

  onTestRunEnd() {
    process.stdout.write(JSON.stringify({ event: "end", at: Date.now() }) + "\n")
  }
}
