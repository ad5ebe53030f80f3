import { randomBytes } from "node:crypto"

/** Carries the id of the run from Mocha's main process to its `--parallel` workers (their environment is a copy of its). */
export const RUN_VARIABLE = "ZMQ_HARNESS_ARTIFACTS_RUN"

let id: string | undefined

/**
 * The id of this Mocha run, the same in its main process and every `--parallel` worker: a
 * folder of a test of an earlier run (another id) is replaced, one of this run (a second test
 * with the same title) is not. The main process makes it when the plugin loads; a worker (whose
 * parent made it) takes it over. Another process (a Mocha that a test started) makes its own.
 *
 * @example
 * ```ts
 * runId() // "41234-lx3k2a-9f2c1b"
 * ```
 */
export function runId(): string {
  if (id) return id
  const inherited = process.env[RUN_VARIABLE]
  const owner = Number(inherited?.split("-")[0])
  id =
    inherited && (owner === process.pid || owner === process.ppid)
      ? inherited
      : `${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`
  process.env[RUN_VARIABLE] = id
  return id
}
