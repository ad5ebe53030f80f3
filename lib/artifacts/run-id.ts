import { randomBytes } from "node:crypto"
import { ownerGone, ownerToken } from "../util/owner"

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
 * The id of this Mocha run, the same in its main process and every `--parallel` worker
 * (`<pid>-<time>-<random>`, the main process's pid): a folder of a test of an earlier run that
 * is over is replaced, one of this run (a second test with the same title) or of a run still
 * going is not. Made when the plugin loads, so that the main process has put it
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

/**
 * True when the run `id` names is over: the Mocha process that made it (the main process of a
 * `--parallel` run) is gone. Its test folders may then be replaced; a running one's may not (two
 * runs writing to one folder at once keep each its own).
 *
 * @example
 * ```ts
 * runIsOver(runId()) // false
 * ```
 */
export function runIsOver(id: string): boolean {
  return ownerGone(id)
}

const id = inherited() ?? `${ownerToken()}-${randomBytes(3).toString("hex")}`
process.env[RUN_VARIABLE] = id
