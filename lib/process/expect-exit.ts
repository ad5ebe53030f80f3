import { UsageError } from "../errors"
import { currentScope } from "../core/ownership"
import { describeValue } from "../frames/frames"
import { checkDuration } from "../util/duration"
import { within } from "../util/timers"
import { describeExit, ProcessExitedError, tailLines, type ExitStatus } from "./errors"
import type { ProcessHandle } from "./handle"
import { defaults } from "./options"
import { checkSignal } from "./signal-names"

/**
 * The exit a test expects of a process under test: an exit code, or `{ code, signal }` where
 * each given field must match (`{ signal: "SIGTERM" }`, `{ code: 0 }`; `code: null` means "by
 * a signal", `signal: null` "with a code"). Nothing: any exit.
 *
 * @example
 * ```ts
 * await expect(proc).to.exit(3)
 * await expect(proc).to.exit({ signal: "SIGSEGV" })
 * ```
 */
export type ExpectedExit = number | { code?: number | null; signal?: NodeJS.Signals | null }

/**
 * Options of `expect(proc).to.exit()`.
 *
 * @example
 * ```ts
 * await expect(proc).to.exit(0, { timeout: 20000 }) // a nested test run takes a while
 * ```
 */
export interface ExitOptions {
  /** How long to wait for the exit, in ms. Default: `waitForOutput`'s (5000, `configure()`). */
  timeout?: number
}

/**
 * How a wait for an exit ended, for an assertion in any runner's idiom (chai's `exit`, a
 * Jest matcher): the process exited (`pass` says whether as expected), or it was still
 * running when the time ran out. `message` says what went wrong for either, with the exit
 * status and the tail of stderr; the negated form is not supported.
 *
 * @example
 * ```ts
 * const outcome = await waitForExit(proc, 3, {}, "expect(proc).to.exit()")
 * if (!outcome.pass) throw new AssertionError(outcome.message)
 * ```
 */
export type ExitOutcome =
  | { kind: "exited"; pass: boolean; status: ExitStatus; message: string }
  | { kind: "timeout"; pass: false; timeout: number; message: string }

/** The expected exit in words: "with code 3", "by signal SIGTERM", "by a signal". */
function describeExpected(expected: ExpectedExit | undefined): string {
  if (expected === undefined) return ""
  if (typeof expected === "number") return ` with code ${expected}`
  const parts: string[] = []
  if (expected.code === null) parts.push("by a signal")
  else if (expected.code !== undefined) parts.push(`with code ${expected.code}`)
  if (expected.signal === null) parts.push("with a code")
  else if (expected.signal !== undefined) parts.push(`by signal ${expected.signal}`)
  return parts.length > 0 ? ` ${parts.join(" ")}` : ""
}

function checkCode(name: string, code: unknown): void {
  if (code === undefined || code === null) return
  if (Number.isInteger(code) && (code as number) >= 0 && (code as number) <= 255) return
  throw new UsageError(
    `expected ${name} to be an exit code from 0 to 255, got ${describeValue(code)}. ` +
      'A process killed by a signal has no code: expect `{ signal: "SIGTERM" }` instead.',
  )
}

/**
 * Checks the expected exit of `expect(proc).to.exit(expected)` (`method` as the user wrote
 * it) and returns it.
 *
 * @example
 * ```ts
 * checkExpectedExit("exit()", { signal: "SIGTREM" }) // UsageError: … Perhaps you meant "SIGTERM"?
 * ```
 */
export function checkExpectedExit(method: string, expected: unknown): ExpectedExit | undefined {
  if (expected === undefined || typeof expected === "number") {
    checkCode(`the exit code of ${method}`, expected)
    return expected
  }
  if (typeof expected !== "object" || expected === null || Array.isArray(expected)) {
    throw new UsageError(
      `expected ${method} to get an exit code or { code, signal }, got ${describeValue(expected)}. ` +
        'Write e.g. exit(3), exit({ signal: "SIGTERM" }), or exit() for any exit.',
    )
  }
  const unknown = Object.keys(expected).filter((k) => k !== "code" && k !== "signal")
  if (unknown.length > 0) {
    throw new UsageError(
      `expected ${method} to get { code, signal }, got the key(s) ${unknown.join(", ")}. ` +
        "Put the timeout in the second argument: exit(3, { timeout: 1000 }).",
    )
  }
  const { code, signal } = expected as { code?: unknown; signal?: unknown }
  checkCode(`\`code\` of ${method}`, code)
  if (signal !== undefined && signal !== null) checkSignal(`\`signal\` of ${method}`, signal)
  if (
    (code !== undefined && code !== null && signal !== undefined && signal !== null) ||
    (code === null && signal === null)
  ) {
    throw new UsageError(
      `expected ${method} to expect an exit that can happen, got ${describeValue(expected)}: ` +
        "a process ends either with a code (signal null) or by a signal (code null). Give one of them.",
    )
  }
  return expected as ExpectedExit
}

/** Whether `status` is the exit expected. */
function matches(status: ExitStatus, expected: ExpectedExit | undefined): boolean {
  if (expected === undefined) return true
  if (typeof expected === "number") return status.code === expected && status.signal === null
  return (
    (expected.code === undefined || status.code === expected.code) &&
    (expected.signal === undefined || status.signal === expected.signal)
  )
}

/**
 * Waits (bounded) until `proc` exits and compares its exit with `expected`: the runner-neutral
 * body of `await expect(proc).to.exit(code?, { timeout })`. It checks its arguments at once
 * (a UsageError is thrown, not returned) and tells the crash rule that the test expects this
 * exit: it then fails neither the test's waits nor, when the test ends, the test, and a crash
 * it had already reported is withdrawn. Another process of the test that crashes meanwhile
 * fails the wait at once with its {@link ProcessExitedError}.
 *
 * @param method the assertion as the user wrote it, for messages: "exit()"
 * @example
 * ```ts
 * const outcome = await waitForExit(proc, { code: 0 }, { timeout: 20000 }, "exit()")
 * if (outcome.kind === "timeout") console.log(outcome.message)
 * ```
 */
export function waitForExit(
  proc: ProcessHandle,
  expected: unknown,
  options: ExitOptions,
  method: string,
): Promise<ExitOutcome> {
  const wanted = checkExpectedExit(method, expected)
  const ms = checkDuration(
    `${method.replace(/\(\)$/, "")}({ timeout })`,
    options.timeout ?? defaults.waitForOutputTimeout,
  )
  proc.noteExitExpected()
  return outcomeOf(proc, wanted, ms)
}

async function outcomeOf(
  proc: ProcessHandle,
  wanted: ExpectedExit | undefined,
  ms: number,
): Promise<ExitOutcome> {
  const what = `${proc.name} to exit${describeExpected(wanted)}`
  let result
  try {
    result = await currentScope().guard(within(proc.ended, ms))
  } catch (err) {
    throw err instanceof ProcessExitedError ? err.again() : err
  }
  if (result.kind === "timeout") {
    return {
      kind: "timeout",
      pass: false,
      timeout: ms,
      message:
        `expected ${what} within ${ms} ms, got no exit: it is still running. ` +
        `Last 20 lines of its stderr:\n${tailLines(proc.stderr, 20)}\n` +
        "Give it more time with `{ timeout }`, or check what keeps it running (its output above).",
    }
  }
  const status = result.value
  const pass = matches(status, wanted)
  return {
    kind: "exited",
    pass,
    status,
    message: pass
      ? `expected ${proc.name} not to exit${describeExpected(wanted)}, got ${describeExit(status)}.`
      : `expected ${what}, got ${describeExit(status)} after ${proc.lifetime} ms. ` +
        `Last 20 lines of its stderr:\n${tailLines(proc.stderr, 20)}\n` +
        "Its output says why; if this exit is right, expect it instead.",
  }
}
