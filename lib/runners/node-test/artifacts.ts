import { settings } from "../../settings"
import { noteRunnableStart, writeTestArtifacts, type EndingTest } from "../../artifacts/test-end"
import type { FollowedTest } from "./followed-tests"

/** Each followed test as the artifacts see it (a Mocha-like runnable), one object per test. */
const runnables = new WeakMap<FollowedTest, EndingTest>()

function runnableOf(followed: FollowedTest): EndingTest {
  let runnable = runnables.get(followed)
  if (!runnable) {
    const { run } = followed
    runnable = {
      type: "test",
      title: run.test.title,
      fullTitle: () => followed.fullName,
      ...(run.test.file !== undefined && { file: run.test.file }),
    }
    runnables.set(followed, runnable)
  }
  return runnable
}

/**
 * Notes when a followed test started, for the timeline of its report.
 *
 * @example
 * ```ts
 * noteTestStart(follow(t))
 * ```
 */
export function noteTestStart(followed: FollowedTest): void {
  if (settings.artifacts) noteRunnableStart(runnableOf(followed))
}

/**
 * Writes a test's artifacts (`report.html`, its transcript) when artifacts are on and it failed
 * (or always, with `when: "always"`), before anything of it is closed; the failure's message then
 * names the report. Never throws.
 *
 * @example
 * ```ts
 * await writeArtifacts(followed, failure, timedOut)
 * ```
 */
export async function writeArtifacts(
  followed: FollowedTest,
  failure: unknown,
  timedOut: boolean,
): Promise<void> {
  if (!settings.artifacts) return
  const runnable = runnableOf(followed)
  runnable.duration = Math.round(performance.now() - followed.started)
  runnable.timedOut = timedOut
  const scope = followed.run.existingScope ?? followed.run.concernedScope
  await writeTestArtifacts(runnable, failure, scope)
}
