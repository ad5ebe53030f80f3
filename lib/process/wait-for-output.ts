import { TimeoutError } from "../errors"
import { currentScope } from "../core/ownership"
import type { CallSite } from "../util/call-site"
import { checkDuration } from "../util/duration"
import { describeExit, ProcessExitedError, type ExitStatus } from "./errors"
import { toRegExp, type CapturedOutput } from "./captured-output"

/** What `waitForOutput` needs of the handle. */
export interface OutputSource {
  /** `process "node app.js" (pid 1234)`. */
  readonly name: string
  readonly output: CapturedOutput
  /** How it ended, once it has. */
  readonly exitStatus: ExitStatus | undefined
  /** ms from start to exit. */
  readonly lifetime: number
}

/**
 * The body of `ProcessHandle#waitForOutput`: a bounded wait for `pattern`,
 * guarded by the crash rule, whose errors say what came instead. `site` is
 * the user's call, captured by the public method.
 */
export async function waitForOutput(
  proc: OutputSource,
  pattern: RegExp | string,
  ms: number,
  site: CallSite,
): Promise<RegExpMatchArray> {
  let re: RegExp
  let result: Awaited<ReturnType<CapturedOutput["match"]>>
  try {
    checkDuration("waitForOutput({ timeout })", ms)
    re = toRegExp(pattern)
    result = await currentScope().guard(proc.output.match(re, ms))
  } catch (err) {
    throw site.apply(err instanceof ProcessExitedError ? err.again() : (err as Error))
  }
  if (result === "timeout") {
    throw site.apply(
      new TimeoutError(
        "waitForOutput",
        ms,
        `waitForOutput timed out: expected output matching ${re} from ${proc.name}, got none after ${ms} ms. ` +
          `Check the pattern against the output below, or give it more time with \`{ timeout }\`.\n\n${proc.output.soFar()}`,
      ),
    )
  }
  if (result === "exited") {
    const status = proc.exitStatus!
    throw site.apply(
      new ProcessExitedError(
        status,
        proc.output.stderr.text,
        `expected output matching ${re} from ${proc.name}, got none before it ended with ` +
          `${describeExit(status)} after ${proc.lifetime} ms. No more output can come.\n\n${proc.output.soFar()}`,
      ),
    )
  }
  return result
}
