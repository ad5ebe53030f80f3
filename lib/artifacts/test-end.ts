import type { Resource, Scope } from "../core/scope"
import * as path from "node:path"
import { settings } from "../settings"
import { failedWaitOf } from "../timeline/failed-wait"
import { within } from "../util/timers"
import { tellReporters, type ReportedTest } from "./ci"
import { runId } from "./run-id"
import { tellStory, type LaneSource } from "./story"
import { writeArtifacts } from "./write"
import { noteWritten, reportWriteProblem } from "./written"

/** How long the end of one test may wait for its artifacts to be written. */
export const WRITE_BOUND_MS = 10_000

/**
 * A test or hook as a runner adapter describes it (Mocha's own runnables fit): its kind, titles,
 * and for a `beforeEach`/`afterEach` hook the test it runs for. Nothing here is runner-specific.
 */
export interface RunnableLike {
  type?: string
  title: string
  originalTitle?: string
  parent?: unknown
  ctx?: { currentTest?: RunnableLike }
  fullTitle(): string
}

/** A test as a runner adapter gives it to the end of its function. */
export type EndingTest = RunnableLike &
  ReportedTest & {
    file?: string
    duration?: number
    pending?: boolean
    /** Ended by the runner's own timeout (Mocha's shows in the error's code instead). */
    timedOut?: boolean
  }

/** When each test started: its first `beforeEach` hook, or its function. Epoch ms. */
const starts = new WeakMap<object, number>()

const now = () => performance.timeOrigin + performance.now()

/** The test a `beforeEach`/`afterEach` hook runs for, if it is one. */
function testOfEachHook(runnable: RunnableLike): RunnableLike | undefined {
  const title = runnable.originalTitle ?? runnable.title
  return /^"(before|after) each"/.test(title) ? runnable.ctx?.currentTest : undefined
}

/**
 * Notes when a test starts (its first `beforeEach` hook, else its function), while artifacts
 * are on: a suite's sockets show what happened from then on. A hook's start is noted too (a
 * failed hook gets artifacts of its own). Called for every runnable.
 *
 * @example
 * ```ts
 * noteRunnableStart(runnable) // when the runner starts a test or hook
 * ```
 */
export function noteRunnableStart(runnable: RunnableLike): void {
  if (!settings.artifacts) return
  const at = now()
  const test = runnable.type === "test" ? runnable : testOfEachHook(runnable)
  if (test && !starts.has(test)) starts.set(test, at)
  if (runnable.type === "hook") starts.set(runnable, at)
}

/**
 * Every resource of the test's scope and of the scopes around it (its suites'), with a record.
 * For a hook: a `beforeEach`/`afterEach` hook's test's, a `before`/`after` hook's suite's.
 */
function laneSources(runnable: RunnableLike, first: Scope | undefined): LaneSource[] {
  const chain: Scope[] = []
  for (let s = first; s; s = s.parent) chain.unshift(s)
  const sources: LaneSource[] = []
  for (const scope of chain) {
    const resources: Resource[] = [...scope.released, ...scope.list()]
    for (const resource of resources) {
      try {
        const record = resource.record?.()
        // A suite's resource shows only the test's time; a failed `before` hook's own, all of it.
        const own = scope.kind === "test" || (runnable.type === "hook" && scope === first)
        if (record) sources.push({ record, suite: !own })
      } catch {
        // A resource whose record fails has no lane; the rest still tell the story.
      }
    }
  }
  return sources
}

function isPending(test: EndingTest, failure: unknown): boolean {
  return (
    test.pending === true ||
    (failure as { constructor?: { name?: string } } | undefined)?.constructor?.name === "Pending"
  )
}

/**
 * At the end of a test's function (or of a hook that failed), before its scope closes anything
 * (`scope`: the test's own, or the one that encloses it, whose chain of suites gives the lanes)
 * and before Mocha reports it: writes its artifacts when they are on (`configure({ artifacts })` or
 * `ZMQ_HARNESS_ARTIFACTS`) and the test failed, or always with `when: "always"`; then tells the
 * reporters where they are. Never throws and never changes the test's result: a problem writing
 * is one line on stderr. Bounded by {@link WRITE_BOUND_MS}.
 *
 * @example
 * ```ts
 * await writeTestArtifacts(test, failure, scope) // then hand `failure` to the runner
 * ```
 */
export async function writeTestArtifacts(
  test: EndingTest,
  failure: unknown,
  scope: Scope | undefined,
): Promise<void> {
  const config = settings.artifacts
  if (!config || isPending(test, failure)) return
  const failed = failure !== undefined && failure !== null
  if (!failed && config.when !== "always") return
  const title = test.fullTitle()
  const file = shownFile(test.file ?? (test.parent as { file?: string } | undefined)?.file)
  try {
    const ended = now()
    const duration = test.duration ?? 0
    const story = tellStory(
      {
        title,
        ...(file !== undefined && { file }),
        state: failed ? "failed" : "passed",
        duration,
        ...(failed && { error: failure instanceof Error ? failure.message : String(failure) }),
        started: starts.get(test) ?? ended - duration,
        ended,
        failedWait: failed ? failedWaitOf(failure) : undefined,
        hung:
          test.timedOut === true ||
          (failure as { code?: unknown } | undefined)?.code === "ERR_MOCHA_TIMEOUT",
      },
      laneSources(test, scope),
    )
    const writing = writeArtifacts(config.dir, story, runId())
    const result = await within(writing, WRITE_BOUND_MS)
    if (result.kind === "timeout") {
      writing.catch(() => undefined)
      reportWriteProblem(
        config.dir,
        title,
        new Error(`writing took more than ${WRITE_BOUND_MS} ms`),
      )
      return
    }
    noteWritten(config.dir)
    tellReporters(test, failure, result.value)
  } catch (err) {
    reportWriteProblem(config.dir, title, err)
  }
}

/**
 * The test file as the report shows it: relative to the working directory when inside it, so
 * a report from CI does not show the runner's checkout path (and two machines' reports agree).
 */
function shownFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  const relative = path.relative(process.cwd(), file)
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file
}
