import { StopError } from "../errors"
import type { FrameLike } from "../socket/frames"
import type { ExitStatus } from "./errors"
import type { ProcessHandle } from "./handle"
import type { StopStrategy } from "./options"
import { forgetTree, killTree, killTreeAndWait } from "./tree"

/** How long to wait for the exit after SIGKILL (it cannot be ignored; this only bounds a kernel hiccup). */
const AFTER_KILL_MS = 5000

function within<T>(promises: Promise<T>[], ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>(
    (resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, ms))),
  )
  return Promise.race([...promises, timeout]).finally(() => clearTimeout(timer))
}

/** Asks the process to end the way its options say. */
async function applyStrategy(proc: ProcessHandle, strategy: StopStrategy): Promise<void> {
  if (typeof strategy === "function") {
    await strategy(proc)
  } else if ("signal" in strategy) {
    proc.kill(strategy.signal)
  } else if ("sendFrames" in strategy) {
    await strategy.sendFrames[0].sendFrames(strategy.sendFrames[1])
  } else {
    const [sock, ...message] = strategy.send
    if (message.length === 1) await sock.send(message[0])
    else await sock.send(message[0] as FrameLike[], message[1])
  }
}

function strategyFailure(
  proc: ProcessHandle,
  strategy: StopStrategy,
  cause: Error,
  killed: boolean,
): Error {
  const fallback = `It was sent SIGTERM instead${killed ? ", then SIGKILL after its grace period" : ""}.`
  if (typeof strategy === "object" && !("signal" in strategy)) {
    const [sock] = "send" in strategy ? strategy.send : strategy.sendFrames
    return new StopError(
      `expected the stop message of ${proc.name} to go out through ${sock.name}, got: ` +
        `${cause.message.replace(/^zmq-harness: /, "").split("\n")[0]} ${fallback} Stop it through a socket that ` +
        "can send when the test ends (open, not a sub or pull socket; a req socket must have received its last reply).",
      { cause },
    )
  }
  return new StopError(
    `expected the stop function of ${proc.name} to ask it to end, got an error: ${cause.message} ${fallback}`,
    { cause },
  )
}

/**
 * The stop sequence: the strategy (a signal, a stop message or a function),
 * then SIGKILL to the whole tree after `grace` ms, and finally SIGKILL to
 * what is left of its process group (grandchildren the process did not stop),
 * so nothing outlives the test. A paused process is resumed so it can obey.
 */
export async function stopProcess(
  proc: ProcessHandle,
  strategy: StopStrategy,
  grace: number,
): Promise<ExitStatus> {
  proc.markTerminating()
  let failure: Error | undefined
  if (proc.running) {
    const deadline = performance.now() + grace
    const asked = applyStrategy(proc, strategy).catch((err: Error) => {
      failure = err
      proc.kill("SIGTERM")
    })
    await within<unknown>([asked, proc.exited], grace)
    if (proc.isPaused) proc.resume()
    if (!(await within([proc.exited], deadline - performance.now()))) {
      killTree(proc.pid, "SIGKILL")
      await within([proc.exited], AFTER_KILL_MS)
    }
  }
  await killTreeAndWait(proc.pid)
  forgetTree(proc.pid)
  const status = (await within([proc.exited], AFTER_KILL_MS)) ?? {
    code: null,
    signal: "SIGKILL" as const,
  }
  if (failure) throw strategyFailure(proc, strategy, failure, status.signal === "SIGKILL")
  return status
}
