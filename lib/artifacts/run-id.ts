import { randomBytes } from "node:crypto"

/** Carries the id of the run from Mocha's main process to its `--parallel` workers (their environment is a copy of its). */
export const RUN_VARIABLE = "ZMQ_HARNESS_ARTIFACTS_RUN"

/** A `--parallel` worker of the Mocha whose main process is our parent takes its id over. */
function inherited(): string | undefined {
  const value = process.env[RUN_VARIABLE]
  const owner = Number(value?.split("-")[0])
  return value && process.env.MOCHA_WORKER_ID !== undefined && owner === process.ppid
    ? value
    : undefined
}

/**
 * The id of this Mocha run, the same in its main process and every `--parallel` worker: a
 * folder of a test of an earlier run (another id) is replaced, one of this run (a second test
 * with the same title) is not. Made when the plugin loads, so that the main process has put it
 * in the environment before Mocha forks its workers; a worker takes its parent's over.
 *
 * @example
 * ```ts
 * runId() // "41234-lx3k2a-9f2c1b"
 * ```
 */
export function runId(): string {
  return id
}

const id =
  inherited() ?? `${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`
process.env[RUN_VARIABLE] = id
