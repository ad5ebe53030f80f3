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
  used get a -2, -3... suffix. <out> may exist: what it holds is kept.

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
    for (const { from, to } of result.renamed)
      io.stdout.write(`renamed ${from} -> ${to} (name taken)\n`)
    io.stdout.write(
      `merged ${result.copied} entr${result.copied === 1 ? "y" : "ies"} from ${inputs.length} folder(s) into ${out}\n${result.index}\n`,
    )
    return 0
  } catch (err) {
    if (!(err instanceof ZmqHarnessError)) throw err
    io.stderr.write(`${err.message}\n`)
    return 1
  }
}

/**
 * The entry of bin/zmq-harness.js: runs the command with the process's streams and sets the
 * exit code.
 *
 * @example
 * ```ts
 * await main(process.argv.slice(2))
 * ```
 */
export async function main(args: readonly string[]): Promise<void> {
  process.exitCode = await runCli(args, { stdout: process.stdout, stderr: process.stderr })
}
