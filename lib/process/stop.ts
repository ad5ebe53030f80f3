import { StopError } from "../errors"
import type { CloseBound } from "../core/scope"
import type { FrameLike } from "../frames/frames"
import { within } from "../util/timers"
import type { ExitStatus } from "./errors"
import type { ProcessHandle } from "./handle"
import type { StopStrategy } from "./options"
import { trace } from "./trace"
import { forgetTree, killTree, killTreeAndWait } from "./tree"

/** How long to wait for the exit after SIGKILL (it cannot be ignored; this only bounds a kernel hiccup). */
const AFTER_KILL_MS = 5000
/** Under a close bound, the time kept for SIGKILL and reaping (at most a third of what is left). */
const KILL_RESERVE_MS = 500
/** Under a close bound that is used up, the least wait for a killed process (a kill takes a few ms). */
const LEAST_WAIT_MS = 50
/** How long the group's members are waited for after SIGKILL, at most. */
const GROUP_WAIT_MS = 1000

/** How a stop went. */
export interface StopOutcome {
  status: ExitStatus
  /** Set when the process did not end on its stop strategy: ms until it was sent SIGKILL. */
  killedAfter?: number
  /** Set when a close bound left less than its `grace`: the grace it got. */
  graceCutTo?: number
  /** The stop strategy failed (it was sent SIGTERM instead). */
  failure?: Error
}

/** The exit status of `proc` if it exits within `ms` (0 when negative: a deadline passed). */
async function exitWithin(proc: ProcessHandle, ms: number): Promise<ExitStatus | undefined> {
  const result = await within(proc.ended, Math.max(0, ms))
  return result.kind === "settled" ? result.value : undefined
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

/** What a strategy asks, for the line about a slow stop: `SIGTERM`, `its stop message`. */
export function describeStrategy(strategy: StopStrategy): string {
  if (typeof strategy === "function") return "its stop function"
  return "signal" in strategy ? strategy.signal : "its stop message"
}

/**
 * The stop sequence: the strategy (a signal, a stop message or a function),
 * then SIGKILL to the whole tree after `grace` ms, and finally SIGKILL to
 * what is left of its process group (grandchildren the process did not stop)
 * and to what daemonized out of it, so nothing outlives the test. A paused
 * process is resumed so it can obey. Under a close `bound` (a teardown in a
 * Mocha hook), the grace is cut so that the kill and the reaping fit too.
 */
export async function stopProcess(
  proc: ProcessHandle,
  strategy: StopStrategy,
  grace: number,
  bound?: CloseBound,
): Promise<StopOutcome> {
  proc.markTerminating()
  const started = performance.now()
  const left = () => (bound ? Math.max(bound.deadline - performance.now(), 0) : Infinity)
  const allowed = Math.min(grace, Math.max(0, left() - Math.min(KILL_RESERVE_MS, left() / 3)))
  const atLeast = (ms: number) => Math.max(Math.min(ms, left()), LEAST_WAIT_MS)
  let failure: Error | undefined
  let killedAfter: number | undefined
  if (proc.running) {
    const deadline = performance.now() + allowed
    trace("%s: stopping with %s (grace %d ms)", proc.name, describeStrategy(strategy), allowed)
    const asked = applyStrategy(proc, strategy).catch((err: Error) => {
      failure = err
      proc.kill("SIGTERM")
    })
    await within(Promise.race([asked, proc.ended]), allowed)
    if (proc.isPaused) proc.resume()
    if (!(await exitWithin(proc, deadline - performance.now()))) {
      killedAfter = Math.round(performance.now() - started)
      trace("%s: still running after %d ms: SIGKILL to its process group", proc.name, killedAfter)
      killTree(proc.child, "SIGKILL")
      await exitWithin(proc, atLeast(AFTER_KILL_MS))
    }
  }
  await killTreeAndWait(proc.child, atLeast(GROUP_WAIT_MS))
  forgetTree(proc.child)
  const status = (await exitWithin(proc, atLeast(AFTER_KILL_MS))) ?? {
    code: null,
    signal: "SIGKILL" as const,
  }
  return {
    status,
    killedAfter,
    graceCutTo: allowed < grace ? Math.round(allowed) : undefined,
    failure: failure && strategyFailure(proc, strategy, failure, status.signal === "SIGKILL"),
  }
}
