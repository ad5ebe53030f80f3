/**
 * PongWorker: the handle a parent keeps on its pong worker process. The
 * worker connects a PAIR socket to the parent's port and answers its pings.
 * Process tests of the parent replace this class with a stub (see
 * test/process/parent.test.ts), so no worker process starts.
 */
import { fork, type ChildProcess } from "node:child_process"
import { once } from "node:events"
import path from "node:path"

export class PongWorker {
  private child?: ChildProcess

  constructor(readonly port: number) {}

  /** Starts the worker process (TypeScript through the same loader as this one). */
  start(): void {
    const main = path.join(__dirname, `worker-main${path.extname(__filename)}`)
    this.child = fork(main, [String(this.port)], { stdio: "inherit" })
  }

  /** Resolves when the worker process has exited. */
  async join(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    await once(child, "exit")
  }
}
