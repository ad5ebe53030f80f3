/**
 * `zmq-harness/reporter`: Mocha's spec reporter, then one closing line
 * `N passed, N failed[, N skipped]` that CI scripts can add up.
 *
 * @example
 * ```yaml
 * # .mocharc.yml
 * reporter: zmq-harness/reporter
 * ```
 * @packageDocumentation
 */
import SummaryReporter = require("./runners/mocha/reporter")

export = SummaryReporter
