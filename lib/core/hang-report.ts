import { RUNNER_NAMES, registeredRunner } from "./registration"
import type { Scope } from "./scope"

/** The runner whose timeout ended the test, as its users name it (Mocha when none registered). */
function runnerShown(): string {
  return RUNNER_NAMES[registeredRunner() ?? "mocha"]
}

/**
 * The runner's own timeout (`runner` names it: the registered one by default) fired before the
 * harness's bounds did: a bare
 * "Timeout of 2000ms exceeded" says nothing of why. The hang report lists
 * every socket of the test with what it is waiting on and for how long, and
 * every process with the tail of its output.
 */
export function hangReport(scopes: Scope[], runner = runnerShown()): string {
  const lines = scopes.flatMap((scope) => scope.describe())
  if (lines.length === 0)
    return "zmq-harness hang report: the test made no socket and started no process."
  return [
    `zmq-harness hang report (what the test was doing when ${runner}'s timeout fired):`,
    ...lines.map((l) => "  " + l.replace(/\n/g, "\n    ")),
  ].join("\n")
}

/** Appends `text` to an error's message, keeping its stack consistent. */
export function appendToMessage(err: Error, text: string): void {
  const before = err.message
  const stack = err.stack // read first: V8 formats it lazily, with the message of the moment
  err.message = `${before}\n\n${text}`
  if (stack?.includes(before)) err.stack = stack.replace(before, () => err.message)
}
