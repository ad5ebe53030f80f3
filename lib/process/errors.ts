import { codes, ZmqHarnessError } from "../errors"

/**
 * How a process ended: `code` when it exited, `signal` when a signal ended it.
 *
 * @example
 * ```ts
 * const { code, signal } = await proc.exited // { code: 0, signal: null } or { code: null, signal: "SIGTERM" }
 * ```
 */
export interface ExitStatus {
  code: number | null
  signal: NodeJS.Signals | null
}

/** `exit code 3`, `signal SIGSEGV`. */
export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `signal ${signal}` : `exit code ${code}`
}

/** The last `n` lines of `text`, indented, or `(none)`. */
export function tailLines(text: string, n: number, indent = "  "): string {
  const lines = text.replace(/\n$/, "").split("\n")
  if (text.length === 0) return `${indent}(none)`
  return lines
    .slice(-n)
    .map((line) => indent + line)
    .join("\n")
}

/**
 * A process under test exited when the test did not expect it: it crashed
 * while the test waited on it (the crash rule), or it exited before it was
 * ready. The message holds the exit status and the last 20 lines of stderr.
 *
 * @example
 * ```ts
 * try {
 *   await req.recv()
 * } catch (err) {
 *   if (err instanceof ProcessExitedError) console.log(err.status) // { code: 3, signal: null }
 * }
 * ```
 */
export class ProcessExitedError extends ZmqHarnessError {
  constructor(
    /** How the process ended. */
    readonly status: ExitStatus,
    /** The process's stderr (its retained tail). */
    readonly stderr: string,
    message: string,
  ) {
    super(codes.PROCESS_EXITED, message)
  }

  /** A fresh error with the same facts, so each failed wait gets a stack of its own. */
  again(): ProcessExitedError {
    return new ProcessExitedError(this.status, this.stderr, this.message)
  }
}

/**
 * The program (or module) to start does not exist, or cannot be run: no such
 * command in `PATH`, no such file, a file that is not executable. Thrown by
 * `startProcess`, `startModule` and `runProgram` alike.
 *
 * @example
 * ```ts
 * await startProcess("no-such-program") // ProcessNotFoundError, code ERR_ZMQH_PROCESS_NOT_FOUND
 * await runProgram("pongprocc") // ProcessNotFoundError: … no program of that name in PATH (…)
 * ```
 */
export class ProcessNotFoundError extends ZmqHarnessError {
  /** The program or module as given. */
  readonly command: string | undefined

  constructor(message: string, options?: { cause?: unknown; command?: string }) {
    super(codes.PROCESS_NOT_FOUND, message, options)
    this.command = options?.command
  }
}

/**
 * A process did not become ready within `readyTimeout`: its pattern never
 * appeared, its endpoint never accepted a connection, or its `ready`
 * function did not settle. The message shows the output so far.
 *
 * @example
 * ```ts
 * await startProcess("node", ["app.js"], { ready: /listening/, readyTimeout: 500 }) // NotReadyError
 * ```
 */
export class NotReadyError extends ZmqHarnessError {
  constructor(
    /** How long it waited, in ms. */
    readonly timeout: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(codes.NOT_READY, message, options)
  }
}
