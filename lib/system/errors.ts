import { codes, ZmqHarnessError } from "../errors"

/**
 * What a program had written when it failed: kept on a {@link ProgramError}.
 *
 * @example
 * ```ts
 * const { stdout, stderr }: ProgramOutput = err as ProgramError
 * ```
 */
export interface ProgramOutput {
  /** Everything it wrote to standard output, decoded as UTF-8. */
  stdout: string
  /** Everything it wrote to standard error, decoded as UTF-8. */
  stderr: string
}

/**
 * A program run by `runProgram` did not finish in time (or the test ended
 * first): its whole process group was killed. The message shows the tail of
 * its output; `stdout` and `stderr` hold all of it. Code `ERR_ZMQH_PROGRAM`.
 *
 * @example
 * ```ts
 * try {
 *   await runProgram("node", ["server.js"], { timeout: 500 })
 * } catch (err) {
 *   if (err instanceof ProgramError) console.log(err.stdout) // the output so far
 * }
 * ```
 */
export class ProgramError extends ZmqHarnessError implements ProgramOutput {
  readonly stdout: string
  readonly stderr: string
  /** The command line, as shown in messages (`node server.js`). */
  readonly command: string
  /** ms from start until the program's process group was killed. */
  readonly duration: number

  constructor(command: string, output: ProgramOutput, duration: number, message: string) {
    super(codes.PROGRAM, message)
    this.command = command
    this.stdout = output.stdout
    this.stderr = output.stderr
    this.duration = duration
  }
}

/**
 * A golden-file comparison could not be made (not a mismatch, which is a
 * chai `AssertionError`): the golden file or its folder is missing, the text
 * is binary, or a normaliser threw. Code `ERR_ZMQH_GOLDEN`.
 *
 * @example
 * ```ts
 * expect(out).to.matchGolden("test/data/new.out") // GoldenError: … run once with UPDATE_GOLDEN=1 …
 * ```
 */
export class GoldenError extends ZmqHarnessError {
  /** The golden file, as given. */
  readonly path: string

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(codes.GOLDEN, message, options)
    this.path = path
  }
}
