/**
 * `zmq-harness/reporter`: Mocha's spec reporter, plus one closing line
 * `N passed, N failed` (`, N skipped` when some were), that scripts and CI
 * can read. Works in serial and `--parallel` runs.
 *
 * @example
 * ```yaml
 * # .mocharc.yml
 * reporter: zmq-harness/reporter
 * ```
 * @packageDocumentation
 */

const mocha = require("mocha") as {
  reporters: { Spec: new (runner: MochaRunner, options?: unknown) => { stats: Stats } }
}

interface Stats {
  passes: number
  failures: number
  pending: number
}
interface MochaRunner {
  once(event: "end", listener: () => void): unknown
}

class SummaryReporter extends mocha.reporters.Spec {
  constructor(runner: MochaRunner, options?: unknown) {
    super(runner, options)
    // Registered after Spec's own "end" listener, so the line comes after its summary.
    runner.once("end", () => {
      const { passes, failures, pending } = this.stats
      process.stdout.write(
        `${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}\n`,
      )
    })
  }
}

export = SummaryReporter
