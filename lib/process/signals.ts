import { TERMINATING, type ExitExpectations } from "./crash"
import { checkSignal } from "./signal-names"

/**
 * The signals the test sent to one process, for the crash rule: an exit by a
 * signal the test sent is expected, and after a terminating one (or
 * `stop()`) any exit is. Also whether it is paused (SIGSTOP), for reports.
 */
export class SignalsSent implements ExitExpectations {
  readonly sent = new Set<string>()
  terminating = false
  paused = false

  /** Notes and sends `signal` to `pid`; false when the process is gone. */
  send(pid: number, signal: NodeJS.Signals): boolean {
    checkSignal("the signal of proc.kill()", signal) // an unknown name would be swallowed below
    this.sent.add(signal)
    if (TERMINATING.has(signal)) this.terminating = true
    try {
      process.kill(pid, signal)
      return true
    } catch {
      return false
    }
  }
}
