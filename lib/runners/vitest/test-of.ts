import type { EndingTest } from "../../artifacts/test-end"
import type { VitestTask } from "./load"

/** The titles of a test and its suites, outermost first ("server > sends"), as Vitest shows them. */
function titles(task: VitestTask): string[] {
  const names: string[] = []
  for (let t: VitestTask | undefined = task; t; t = t.suite) if (t.name) names.unshift(t.name)
  return names
}

/**
 * A Vitest test as the core and the artifacts know a test: its title, its full title with its
 * suites' (" > " between, as Vitest's reporters print it), its file.
 *
 * @example
 * ```ts
 * const test = testOf(context.task) // { type: "test", title: "sends", fullTitle: () => "server > sends" }
 * ```
 */
export function testOf(task: VitestTask): EndingTest {
  const file = task.file?.filepath
  return {
    type: "test",
    title: task.name,
    fullTitle: () => titles(task).join(" > "),
    ...(file !== undefined && { file }),
  }
}

/** Vitest's own timeout ended the test: "Test timed out in 5000ms." */
export function isVitestTimeout(message: string | undefined): boolean {
  return message !== undefined && /^Test timed out in \d+ms\./.test(message)
}
