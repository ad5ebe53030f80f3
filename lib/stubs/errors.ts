import { ProcessExitedError, StubError, TimeoutError, UsageError, ZmqHarnessError } from "../errors"
import { closestName } from "../util/closest-name"
import { checkDuration } from "../util/duration"
import { NEEDS_IPC } from "./messages"

/**
 * The error for stubs asked of a process that has no IPC channel (started
 * with `startProcess`, or with `stdio` lacking `"ipc"`): stub calls are
 * reported over that channel. Thrown by the process launcher.
 *
 * @example
 * ```ts
 * if (options.stubs?.length && !hasIpc) throw stubsNeedIpcError()
 * ```
 */
export function stubsNeedIpcError(): UsageError {
  return new StubError(NEEDS_IPC.launcher)
}

/** `proc.stub(module, export)` named a stub the process was not started with. */
export function unknownStubError(
  module: string,
  exportName: string,
  known: Array<{ module: string; export: string }>,
): UsageError {
  const list = known.map((s) => `{ module: "${s.module}", export: "${s.export}" }`).join(", ")
  const sameModule = known.filter((s) => s.module === module).map((s) => s.export)
  const guess =
    sameModule.length > 0
      ? closestName(exportName, sameModule)
      : closestName(
          module,
          known.map((s) => s.module),
        )
  const hint = guess ? ` Perhaps you meant "${guess}"?` : ""
  return new StubError(
    `expected one of the stubs the process was started with, got stub("${module}", "${exportName}"). ` +
      `It has: ${list || "no stubs"}.${hint} Add it to the stubs option to replace it.`,
  )
}

/** What a wait for a construction needs to explain itself. */
export interface WaitFacts {
  /** `stub B of "./b"` */
  label: string
  module: string
  exportName: string
  /** `undefined`: the module was never loaded; -1: not tracked; else when it was (ms since start). */
  loadedAt: number | undefined
  /** How many constructions happened (all taken by earlier waits). */
  constructions: number
  /** Who would construct it: `process "a.js" (pid 123)`, or the test's own process. */
  owner: string
  /** The processes of the test, each with the tail of its output (`scope.describe("process")`). */
  processes: string[]
}

function processes(facts: WaitFacts): string {
  if (facts.processes.length === 0) return ""
  return `\n\nProcesses of this test:\n${facts.processes.map((p) => "  " + p).join("\n")}`
}

/** Why no construction came: the module was never loaded, or loaded but never used. */
export function loadNote(facts: WaitFacts): string {
  if (facts.loadedAt === undefined) return `"${facts.module}" was never loaded`
  if (facts.constructions === 0 && facts.loadedAt < 0)
    return `${facts.exportName} was never constructed`
  if (facts.constructions === 0)
    return `"${facts.module}" was loaded at +${facts.loadedAt} ms but ${facts.exportName} was never constructed`
  return `all ${facts.constructions} earlier construction(s) were already taken by earlier constructed() calls`
}

/** `constructed()` ran out of time. */
export function notConstructedError(facts: WaitFacts, ms: number): TimeoutError {
  return new TimeoutError(
    "constructed",
    ms,
    `expected ${facts.label} to be constructed by ${facts.owner}, got no construction after ${ms} ms ` +
      `(${loadNote(facts)}). Check that the code under test reaches the construction, ` +
      `or give it more time with { timeout }.${processes(facts)}`,
  )
}

/** The process ended (or closed its IPC channel) while a construction was awaited. */
export function endedError(facts: WaitFacts, reason: string): ZmqHarnessError {
  return new ProcessExitedError(
    undefined,
    "",
    `expected ${facts.label} to be constructed by ${facts.owner}, got ${reason} first (${loadNote(facts)}). ` +
      `${facts.processes.length > 0 ? "Its output tells why." : "Wait for it before that."}${processes(facts)}`,
  )
}

/** The error for a bad `timeout` of constructed() (checked as every duration is), or undefined when it is good. */
export function badTimeoutError(timeout: unknown): UsageError | undefined {
  try {
    checkDuration("constructed({ timeout })", timeout, { min: 1 })
    return undefined
  } catch (err) {
    return err as UsageError
  }
}
