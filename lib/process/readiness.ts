import { within } from "../util/timers"
import { probeEndpoint, probeTarget } from "./endpoint-probe"
import { describeExit, NotReadyError, ProcessExitedError } from "./errors"
import type { ProcessHandle } from "./handle"
import type { ReadyCondition } from "./options"
import { plainRegExp } from "./output"

type Outcome =
  { ready: true } | { ready: false; why: "timeout" | "exited"; got: string; cause?: unknown }

/** `output matching /x/`, `a connection to tcp://…`, `its ready function`. */
export function describeReady(ready: ReadyCondition): string {
  if (ready instanceof RegExp) return `output matching ${ready}`
  if (typeof ready === "string") return `a connection to ${ready}`
  return "its ready function to resolve"
}

/** Checks `ready` before anything is started. */
export function checkReady(ready: ReadyCondition | undefined): void {
  if (ready === undefined || ready instanceof RegExp || typeof ready === "function") return
  probeTarget(ready as string) // throws a UsageError for what is not a probe-able endpoint
}

async function outcomeOf(proc: ProcessHandle, ready: ReadyCondition, ms: number): Promise<Outcome> {
  if (ready instanceof RegExp) {
    const result = await proc.output.match(plainRegExp(ready), ms)
    if (typeof result !== "string") return { ready: true }
    return { ready: false, why: result, got: "no matching output" }
  }
  const deadline = performance.now() + ms
  let over = false
  const exited = proc.exited.then((): Outcome => ({ ready: false, why: "exited", got: "" }))
  try {
    if (typeof ready === "string") {
      // The probe keeps its own deadline, so that it can say what its last attempt met.
      const probed = probeEndpoint(probeTarget(ready), deadline, () => over || !proc.running).then(
        (problem): Outcome =>
          problem === undefined
            ? { ready: true }
            : { ready: false, why: "timeout", got: `no connection (last attempt: ${problem})` },
      )
      return await Promise.race([probed, exited])
    }
    const called = Promise.resolve()
      .then(() => ready(proc))
      .then(
        (): Outcome => ({ ready: true }),
        (err: Error) => {
          throw new NotReadyError(
            ms,
            `expected the ready function of ${proc.name} to resolve, got an error: ${err?.message ?? err}`,
            { cause: err },
          )
        },
      )
    const result = await within(Promise.race([called, exited]), ms)
    return result.kind === "settled"
      ? result.value
      : { ready: false, why: "timeout", got: "no result" }
  } finally {
    over = true
  }
}

/**
 * Waits until the process is ready, as `ready` says. Fails with
 * {@link NotReadyError} after `ms`, or with {@link ProcessExitedError} if it
 * exits first; both show the output so far.
 */
export async function waitUntilReady(
  proc: ProcessHandle,
  ready: ReadyCondition | undefined,
  ms: number,
): Promise<void> {
  if (ready === undefined) return
  const outcome = await outcomeOf(proc, ready, ms)
  if (outcome.ready) return
  const what = describeReady(ready)
  if (outcome.why === "exited") {
    const status = (await proc.exited)!
    throw new ProcessExitedError(
      status,
      proc.stderr,
      `expected ${proc.name} to become ready (${what}), got ${describeExit(status)} after ${proc.lifetime} ms, ` +
        `before it was ready. ${proc.exitHint() ?? "Its output tells why."}\n\n${proc.outputSoFar()}`,
    )
  }
  throw new NotReadyError(
    ms,
    `expected ${proc.name} to become ready (${what}) within ${ms} ms, got ${outcome.got}. ` +
      `Check the condition against the output below, or give it more time with \`{ readyTimeout }\`.\n\n${proc.outputSoFar()}`,
  )
}
