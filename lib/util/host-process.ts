import * as vm from "node:vm"

let host: NodeJS.Process | undefined

/**
 * The `process` object of this thread's main context. Usually `process` itself; under Jest, test
 * files (and the modules they load, zmq-harness included) run in a sandbox whose `process` is a
 * copy: listeners added to it never hear a signal, an `exit` or a `disconnect`, so handlers
 * that must outlive a test file go on this one.
 *
 * @example
 * ```ts
 * hostProcess().on("SIGINT", onSignal)
 * ```
 */
export function hostProcess(): NodeJS.Process {
  return (host ??= vm.runInThisContext("process") as NodeJS.Process)
}
