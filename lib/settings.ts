/**
 * Settings that apply to every test socket and test, unless an option of
 * the call says otherwise.
 */
export interface Settings {
  /** Default bound, in ms, of every send and receive. Default 1000 (env `ZMQ_HARNESS_TIMEOUT`). */
  timeout: number
  /**
   * Fail a test whose sockets hold messages it never read when it ends.
   * Default false: they are reported on stderr (env `ZMQ_HARNESS_FAIL_ON_UNREAD=1`).
   */
  failOnUnread: boolean
  /** How many entries a socket's transcript keeps (the oldest are dropped first). Default 1000. */
  transcriptLimit: number
  // program: the defaults of processes under test and of runProgram
  /** How long `startProcess`/`startModule` wait for `ready`, in ms. Default 10000 (env `ZMQ_HARNESS_READY_TIMEOUT`). */
  readyTimeout: number
  /** How long `stop()` waits for a process to end before SIGKILL, in ms. Default 2000 (env `ZMQ_HARNESS_GRACE`). */
  grace: number
  /** Default bound of `proc.waitForOutput()`, in ms. Default 5000 (env `ZMQ_HARNESS_WAIT_FOR_OUTPUT_TIMEOUT`). */
  waitForOutputTimeout: number
  /**
   * How many characters of stdout and of stderr a process handle keeps (the
   * newest). Default 1 MiB (env `ZMQ_HARNESS_OUTPUT_LIMIT`).
   */
  outputLimit: number
  /**
   * How many characters of stdout and of stderr `runProgram` keeps (the newest;
   * what is cut is marked `[… N bytes cut …]`). Default 16 MiB (env `ZMQ_HARNESS_PROGRAM_OUTPUT_LIMIT`).
   */
  programOutputLimit: number
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/** The settings in force. Change them with {@link configure}. */
export const settings: Settings = {
  timeout: envNumber("ZMQ_HARNESS_TIMEOUT", 1000),
  failOnUnread: /^(1|true|yes)$/i.test(process.env.ZMQ_HARNESS_FAIL_ON_UNREAD ?? ""),
  transcriptLimit: envNumber("ZMQ_HARNESS_TRANSCRIPT_LIMIT", 1000),
  // program
  readyTimeout: envNumber("ZMQ_HARNESS_READY_TIMEOUT", 10_000),
  grace: envNumber("ZMQ_HARNESS_GRACE", 2000),
  waitForOutputTimeout: envNumber("ZMQ_HARNESS_WAIT_FOR_OUTPUT_TIMEOUT", 5000),
  outputLimit: envNumber("ZMQ_HARNESS_OUTPUT_LIMIT", 1024 * 1024),
  programOutputLimit: envNumber("ZMQ_HARNESS_PROGRAM_OUTPUT_LIMIT", 16 * 1024 * 1024),
}

/**
 * Changes settings for the rest of the run (call it from a `.mocharc` `require`d
 * file or a root `before` hook). Returns the previous settings.
 *
 * @example
 * ```ts
 * import { configure } from "zmq-harness"
 * configure({ failOnUnread: true, timeout: 500 })
 * ```
 */
export function configure(changes: Partial<Settings>): Settings {
  const previous = { ...settings }
  Object.assign(settings, changes)
  return previous
}
