// A Jest reporter for the parent run of the shared suite: the same JSON lines as
// node-test-reporter.mjs (one per test that ended: its name, whether it passed, its failure's
// message and stack as Jest prints them, when), then "end".
module.exports = class SharedReporter {
  onTestCaseResult(_test, result) {
    if (result.status !== "passed" && result.status !== "failed") return
    const failure = result.failureMessages.join("\n")
    const line = {
      event: result.status === "passed" ? "pass" : "fail",
      name: result.title,
      nesting: 0,
      error: result.status === "failed" ? { message: failure, stack: failure } : undefined,
      at: Date.now(),
    }
    process.stdout.write(JSON.stringify(line) + "\n")
  }

  onRunComplete() {
    process.stdout.write(JSON.stringify({ event: "end", at: Date.now() }) + "\n")
  }
}
