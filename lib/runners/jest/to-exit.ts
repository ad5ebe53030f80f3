import { UsageError } from "../../errors"
import { currentScope } from "../../core/ownership"
import { Scope } from "../../core/scope"
import { ProcessHandle } from "../../process/handle"
import { describeExit, tailLines, type ExitStatus } from "../../process/errors"
import { defaults } from "../../process/options"
import { describeValue } from "../../util/describe-value"
import { optionalDuration } from "../../util/duration"
import { within } from "../../util/timers"

/** The exit a test expects: a code, or `{ code, signal }` where each given field must match. */
export type ExpectedExit = number | { code?: number | null; signal?: NodeJS.Signals | null }

/** How the wait for an exit ended, in the shape of a Jest matcher's result. */
export interface ExitOutcome {
  pass: boolean
  message: string
}

function expectedText(expected: ExpectedExit | undefined): string {
  if (expected === undefined) return "to exit"
  if (typeof expected === "number") return `to exit with code ${expected}`
  const parts: string[] = []
  if (expected.code === null) parts.push("by a signal")
  else if (expected.code !== undefined) parts.push(`with code ${expected.code}`)
  if (expected.signal === null) parts.push("with a code")
  else if (expected.signal !== undefined) parts.push(`by signal ${expected.signal}`)
  return ["to exit", ...parts].join(" ")
}

function matches(status: ExitStatus, expected: ExpectedExit | undefined): boolean {
  if (expected === undefined) return true
  if (typeof expected === "number") return status.code === expected
  return (
    (expected.code === undefined || status.code === expected.code) &&
    (expected.signal === undefined || status.signal === expected.signal)
  )
}

/**
 * Waits (bounded: `timeout`, default `waitForOutput`'s) for a process under test to exit, and
 * says whether it exited as `expected`, for `expect(proc).toExit(code?)`. An exit the test
 * waits for this way is one it has seen: the crash rule does not fail the test for it.
 *
 * @example
 * ```ts
 * const { pass, message } = await awaitExit(proc, 3, {})
 * ```
 */
export async function awaitExit(
  proc: unknown,
  expected: ExpectedExit | undefined,
  options: { timeout?: number } = {},
): Promise<ExitOutcome> {
  if (!(proc instanceof ProcessHandle)) {
    throw new UsageError(
      `expected a process under test for toExit(), got ${describeValue(proc)}.` +
        (proc instanceof Promise ? " It is a promise: await startProcess(…) first." : ""),
    )
  }
  const ms = optionalDuration("toExit({ timeout })", options.timeout, defaults.waitForOutputTimeout)
  const wanted = expectedText(expected)
  const result = await within(proc.exited, ms)
  if (result.kind !== "settled") {
    return {
      pass: false,
      message:
        `zmq-harness: expected ${proc.name} ${wanted} within ${ms} ms, got it still running. ` +
        `Last 20 lines of its stderr:\n${tailLines(proc.stderr, 20)}\n` +
        "Give it more time with { timeout }, or stop it with proc.stop().",
    }
  }
  const status = result.value
  // The test waited for this exit: the crash it may have made the scope record is seen.
  const crash = currentScope().failed
  if (crash?.message.includes(proc.name)) Scope.noteSeen(crash)
  const pass = matches(status, expected)
  return {
    pass,
    message: pass
      ? `zmq-harness: expected ${proc.name} not ${wanted}, got ${describeExit(status)}.`
      : `zmq-harness: expected ${proc.name} ${wanted}, got ${describeExit(status)}. ` +
        `Last 20 lines of its stderr:\n${tailLines(proc.stderr, 20)}`,
  }
}
