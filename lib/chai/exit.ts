import { InvalidSubjectError, TimeoutError, UsageError } from "../errors"
import { describeValue } from "../frames/frames"
import { ProcessHandle } from "../process/handle"
import { waitForExit, type ExitOptions } from "../process/expect-exit"
import { markFailedWait } from "../timeline/failed-wait"
import { CallSite } from "../util/call-site"
import { AssertionPromise } from "./assertion-promise"
import type { ChaiAssertion, ChaiStatic, ChaiUtils } from "./receive"

function subject(utils: ChaiUtils, assertion: ChaiAssertion): ProcessHandle {
  const obj = utils.flag(assertion, "object")
  if (obj instanceof ProcessHandle) return obj
  const hint =
    obj instanceof Promise
      ? " It is a promise: await startProcess(…) first."
      : typeof obj === "object" && obj !== null && "code" in obj && "stdout" in obj
        ? " runProgram() resolves when the program has exited: check `expect(run.code).to.equal(0)`."
        : ""
  throw new InvalidSubjectError(
    `expected a process under test (from startProcess or startModule) for .exit(), got ${describeValue(obj)}.${hint}`,
  )
}

/**
 * `await expect(proc).to.exit(code?, { timeout })`: waits (bounded) for the process to exit and
 * checks its exit code, or `{ code, signal }`; with no argument, any exit. Resolves with the
 * exit status. Counts as the test seeing the exit (the crash rule does not charge it).
 *
 * @example
 * ```ts
 * chai.Assertion.addMethod("exit", exitAssertion(chai, utils))
 * await expect(proc).to.exit(3)
 * ```
 */
export function exitAssertion(chai: ChaiStatic, utils: ChaiUtils) {
  return function exit(this: ChaiAssertion, expected?: unknown, options: ExitOptions = {}) {
    if (utils.flag(this, "negate")) {
      throw new UsageError(
        "expected .exit() without .not, got .not.exit(). To check that a process keeps running, " +
          "wait on what it does (a reply, `waitForOutput`) and then check `proc.running`.",
      )
    }
    const proc = subject(utils, this)
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      throw new UsageError(
        `expected the options of exit() as an object such as { timeout: 500 }, got ${describeValue(options)}.`,
      )
    }
    const site = new CallSite(exit)
    let waiting
    try {
      waiting = waitForExit(proc, expected, options, "exit()")
    } catch (err) {
      throw site.apply(err as Error)
    }
    const check = waiting.then(
      (outcome) => {
        if (outcome.kind === "timeout") {
          const err = new TimeoutError("exit", outcome.timeout, outcome.message)
          throw site.apply(markFailedWait(err, proc.name, "exit", outcome.timeout))
        }
        if (outcome.pass) return outcome.status
        throw site.apply(
          new chai.AssertionError(`zmq-harness: ${outcome.message}`, {
            actual: outcome.status,
            expected,
            // No diff: Mocha would cut the message to "zmq-harness" to show one.
            showDiff: false,
          }),
        )
      },
      (err: Error) => {
        throw site.apply(err)
      },
    )
    return AssertionPromise.track(
      check,
      site,
      () =>
        `expect(${proc.name}).to.exit(${expected === undefined ? "" : JSON.stringify(expected)})`,
      "exit",
    )
  }
}
