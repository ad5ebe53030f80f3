import type { ChildProcess } from "node:child_process"
import { unknownStubError } from "./errors"
import { StubRecorder, type StubHandle } from "./recorder"
import { stubKey, type StubSpec } from "./spec"
import { isStubMessage } from "./wire"

/**
 * What the launcher keeps per started process.
 *
 * @example
 * ```ts
 * const registry = attachStubs(child, stubs, describe)
 * proc.stub = (module, name) => registry.stub(module, name)
 * ```
 */
export interface StubRegistry {
  /** The handle of one stub the process was started with; a UsageError names the others. */
  stub(module: string, exportName: string): StubHandle
  /** Stops listening; waits still pending fail at once (process gone or test over). */
  close(): void
}

function exitReason(child: ChildProcess): string {
  if (child.signalCode) return `the process's exit by signal ${child.signalCode}`
  if (child.exitCode !== null) return `the process's exit with code ${child.exitCode}`
  return "the end of the process's IPC channel"
}

/**
 * Listens to the child's IPC reports of stub calls. `describeOwner` names the
 * process (and shows its output) in messages. Call it right after the fork,
 * before the child can report anything.
 *
 * @example
 * ```ts
 * const child = fork(modulePath, args, { execArgv, env, stdio: ["pipe", "pipe", "pipe", "ipc"] })
 * const registry = attachStubs(child, stubs, () => `node ${modulePath} (pid ${child.pid})`)
 * const [port] = await registry.stub("./b", "B").constructed()
 * ```
 */
export function attachStubs(
  child: ChildProcess,
  stubs: StubSpec[],
  describeOwner: () => string,
): StubRegistry {
  const recorders = new Map<string, StubRecorder>()
  for (const spec of stubs)
    recorders.set(
      stubKey(spec.module, spec.export),
      new StubRecorder(spec.module, spec.export, { owner: describeOwner }),
    )

  const onMessage = (message: unknown) => {
    if (!isStubMessage(message)) return
    const recorder = recorders.get(message.key)
    if (!recorder) return
    if (message.type === "loaded") recorder.loaded(message.at)
    else if (message.type === "call")
      recorder.record({
        method: message.method,
        args: message.args,
        at: message.at,
        instance: message.instance,
      })
    else if (message.type === "error") recorder.fail(message.message)
  }
  const end = () => {
    for (const recorder of recorders.values()) recorder.end(exitReason(child))
  }
  // "close" comes once the process exited and every stream, the IPC channel
  // included, was read to its end: no report is lost, and the exit status is
  // known. The launcher's own "close" listeners run first, so the process's
  // description in the error says how it ended.
  const onClose = () => setImmediate(end)
  child.on("message", onMessage)
  child.once("close", onClose)

  return {
    stub(module, exportName) {
      const recorder = recorders.get(stubKey(module, exportName))
      if (!recorder) throw unknownStubError(module, exportName, stubs)
      return recorder
    },
    close() {
      child.off("message", onMessage)
      child.off("close", onClose)
      for (const recorder of recorders.values()) recorder.close("the end of the test")
    },
  }
}
