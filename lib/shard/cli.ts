import { constants as osConstants } from "node:os"
import { ZmqHarnessError } from "../errors"
import { closestName } from "../util/closest-name"
import { mergeArtifacts, type MergeOptions } from "./merge"

/**
 * The `zmq-harness` command (bin/zmq-harness.js). One subcommand so far:
 * `merge-artifacts <out> <dir>…`. Prints to the streams it is given, and
 * returns the exit code: 0 done, 1 the merge failed (a named error, its
 * message printed), 2 a usage mistake (the usage printed).
 */

const USAGE = `Usage: zmq-harness merge-artifacts <out> <dir>...

  Merges the artifact folders of CI shards (ZMQ_HARNESS_ARTIFACTS of each
  ZMQ_HARNESS_SHARD=i/n run) into <out>, and writes <out>/index.html that
  links every test's report, failed first. Folder names that two shards both
  used get a -2, -3... suffix. <out> may exist: what it holds is kept, and
  what it holds already is not copied again (a merge can be run again).

  A folder that does not exist is a shard with nothing to report (noted on
  stderr). A test folder whose meta.json does not fit, and links that leave
  their folder, are not copied (a warning each). Ctrl-C stops the merge and
  leaves no half-copied folder.

  Example: npx zmq-harness merge-artifacts artifacts shard-1 shard-2 shard-3
`

/**
 * Where the command writes, and how it rebuilds the index (the artifacts module's unless given).
 *
 * @example
 * ```ts
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr }
 * ```
 */
export interface CliIo extends MergeOptions {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

/**
 * Runs the `zmq-harness` command with its arguments (after the program name).
 *
 * @example
 * ```ts
 * const code = await runCli(["merge-artifacts", "merged", "shard-1", "shard-2"], io)
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io[command === undefined ? "stderr" : "stdout"].write(USAGE)
    return command === undefined ? 2 : 0
  }
  if (command !== "merge-artifacts") {
    const guess = closestName(command, ["merge-artifacts"])
    io.stderr.write(
      `zmq-harness: expected a command (merge-artifacts), got ${JSON.stringify(command)}.` +
        `${guess ? ` Perhaps you meant ${guess}?` : ""}\n\n${USAGE}`,
    )
    return 2
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(USAGE)
    return 0
  }
  const option = rest.find((arg) => arg.startsWith("-"))
  if (option) {
    io.stderr.write(
      `zmq-harness: expected folders, got the option ${option}, which merge-artifacts does not take.\n\n${USAGE}`,
    )
    return 2
  }
  if (rest.length < 2) {
    io.stderr.write(
      `zmq-harness: expected an output folder and at least one artifacts folder, got ${rest.length === 0 ? "neither" : "only " + JSON.stringify(rest[0])}.\n\n${USAGE}`,
    )
    return 2
  }
  const [out, ...inputs] = rest
  try {
    const result = await mergeArtifacts(out, inputs, io)
    for (const { path, reason } of result.skipped)
      io.stderr.write(`zmq-harness: ${JSON.stringify(path)}: ${reason}\n`)
    for (const { from, to } of result.renamed)
      io.stdout.write(`renamed ${shown(from)} -> ${shown(to)} (name taken)\n`)
    io.stdout.write(
      `merged ${result.copied} entr${result.copied === 1 ? "y" : "ies"} from ${inputs.length} folder(s) into ${out}` +
        `${result.unchanged > 0 ? ` (${result.unchanged} already there)` : ""}\n${result.index}\n`,
    )
    return 0
  } catch (err) {
    if (!(err instanceof ZmqHarnessError)) throw err
    io.stderr.write(`${err.message}\n`)
    const signal = io.signal?.aborted ? io.signal.reason : undefined
    return signal instanceof InterruptSignal ? 128 + signal.number : 1
  }
}

/** A path as printed: as it is, or quoted and escaped when it holds control characters (a shard's names are not ours). */
function shown(p: string): string {
  return /[\u0000-\u001f\u007f-\u009f]/.test(p) ? JSON.stringify(p) : p
}

/**
 * The reason a merge is aborted with when a signal comes: which one.
 *
 * @example
 * ```ts
 * controller.abort(new InterruptSignal("SIGINT"))
 * ```
 */
export class InterruptSignal extends Error {
  /** The signal's number (2 for SIGINT, 15 for SIGTERM): the exit code is 128 + it. */
  readonly number: number
  constructor(readonly signal: NodeJS.Signals) {
    super(signal)
    this.number = osConstants.signals[signal]
  }
}

/**
 * The entry of bin/zmq-harness.js: runs the command with the process's streams and sets the
 * exit code. SIGINT and SIGTERM stop a merge cleanly (its temporary folder removed); the process
 * then ends by that signal, as an interrupted command should. A second signal ends it at once.
 *
 * @example
 * ```ts
 * await main(process.argv.slice(2))
 * ```
 */
export async function main(args: readonly string[]): Promise<void> {
  const controller = new AbortController()
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"]
  const stopListening = () => signals.forEach((s) => process.off(s, onSignal))
  function onSignal(signal: NodeJS.Signals): void {
    if (controller.signal.aborted) {
      stopListening()
      process.kill(process.pid, signal)
      return
    }
    controller.abort(new InterruptSignal(signal))
  }
  signals.forEach((s) => process.on(s, onSignal))
  let code: number
  try {
    code = await runCli(args, {
      stdout: process.stdout,
      stderr: process.stderr,
      signal: controller.signal,
    })
  } finally {
    stopListening()
  }
  const reason: unknown = controller.signal.reason
  if (reason instanceof InterruptSignal) {
    process.kill(process.pid, reason.signal)
    return
  }
  process.exitCode = code
}
