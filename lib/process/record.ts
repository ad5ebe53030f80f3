import { epochOf, type RecordEntry, type ResourceRecord } from "../timeline/record"

/**
 * The events of a process under test, for its lane in a test's artifacts (issue 14): spawn,
 * ready, each signal the test sent, the stop, the exit (a crash says so). A handful per process:
 * kept always, they cost nothing a test would notice.
 *
 * @example
 * ```ts
 * const events = new ProcessEvents()
 * events.note("signal", "SIGSTOP")
 * events.record("node pong.js", 1234, { stdout: "", stderr: "" }).entries[0].event // "signal"
 * ```
 */
export class ProcessEvents {
  private readonly entries: RecordEntry[] = []

  /** Notes that `event` happened now (or at the `performance.now()` reading `at`). */
  note(event: string, note: string, at = performance.now()): void {
    this.entries.push({ time: epochOf(at), direction: "event", event, note })
  }

  /** The lane: its events, and its output as kept (a front cut starts with a marker line). */
  record(name: string, pid: number, output: { stdout: string; stderr: string }): ResourceRecord {
    return {
      kind: "process",
      name,
      endpoints: [`pid ${pid}`],
      entries: [...this.entries],
      output,
    }
  }
}
