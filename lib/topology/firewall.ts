import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process"
import createDebug from "debug"
import { TopologyError } from "../errors"
import { within } from "../util/timers"
import { runTool, toolPath } from "./tools"

const debug = createDebug("zmq-harness:topology")

/** How long one transaction may take before the session is given up for one `nft` per change. */
const TRANSACTION_TIMEOUT_MS = 5_000

/**
 * One topology's nftables, through a long-lived `nft -i` (interactive) process: a partition
 * change is one line written to it — its commands joined by `;`, which nft applies as one
 * transaction, all or nothing — and costs a few ms. Starting an `nft` process per change costs
 * 30–60 ms on a loaded 2-core machine, most of it the spawn, which would miss the 50 ms a
 * change may take.
 *
 * After each line the session lists the topology's table: the listing's last line tells that
 * the line was done, and an `Error:` before it that it failed (stderr is merged into stdout, so
 * the order is nft's own). Should the session not answer (an nft built without its interactive
 * mode, a crash), the topology goes on with one `nft -f -` per change.
 *
 * @example
 * ```ts
 * const firewall = new Firewall("zmqh3")
 * await firewall.apply(["add table netdev zmqh3", …])
 * firewall.close()
 * ```
 */
export class Firewall {
  private session: ChildProcessWithoutNullStreams | undefined
  private output = ""
  private waiting: (() => void) | undefined
  /** One transaction at a time (the topology queues its changes too; this keeps the session sane). */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly table: string) {}

  /** Applies `commands` as one transaction; rejects with a {@link TopologyError} showing nft's words. */
  apply(commands: readonly string[]): Promise<void> {
    const run = this.queue.then(() => this.transaction(commands))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Ends the session (nft exits at the end of its input). */
  close(): void {
    const session = this.session
    this.session = undefined
    session?.stdin.end()
  }

  private async transaction(commands: readonly string[]): Promise<void> {
    const session = this.session ?? this.start()
    if (!session) return runTool("nft", ["-f", "-"], commands.map((c) => `${c}\n`).join(""))
    const line = commands.join("; ")
    this.output = ""
    const done = new Promise<void>((resolve) => (this.waiting = resolve))
    session.stdin.write(`${line}\nlist table netdev ${this.table}\n`)
    const result = await within(done, TRANSACTION_TIMEOUT_MS)
    this.waiting = undefined
    if (result.kind !== "settled") {
      debug(
        "nft -i did not answer within %d ms: one nft per change from now on",
        TRANSACTION_TIMEOUT_MS,
      )
      this.close()
      session.kill("SIGKILL")
      return runTool("nft", ["-f", "-"], commands.map((c) => `${c}\n`).join(""))
    }
    const listing = this.output.indexOf(`table netdev ${this.table} {`)
    const before = listing >= 0 ? this.output.slice(0, listing) : this.output
    if (/^Error:/m.test(before)) {
      throw new TopologyError(
        `expected nft to apply \`${line}\`, got:\n${before.trimEnd()}\n` +
          "The topology's rules are as they were before this change.",
      )
    }
  }

  /**
   * Whether the listing after the line came: the table's closing brace alone on its line, or
   * an error for the listing itself (no table: the line that should have made it failed).
   */
  private answered(): boolean {
    const listing = this.output.indexOf(`table netdev ${this.table} {`)
    if (listing >= 0) return /^}\n/m.test(this.output.slice(listing))
    return new RegExp(`^list table netdev ${this.table}\n[ ^~]*\n`, "m").test(this.output)
  }

  /** Starts `nft -i`, stderr merged into stdout; undefined where it cannot be started. */
  private start(): ChildProcessWithoutNullStreams | undefined {
    const nft = toolPath("nft")
    if (!nft) return undefined
    const session = spawn("/bin/sh", ["-c", 'exec "$0" -i 2>&1', nft], {
      stdio: ["pipe", "pipe", "pipe"],
    })
    session.stdin.on("error", () => undefined) // it died: the timeout says so
    session.on("error", () => undefined)
    session.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      this.output += chunk
      if (this.waiting && this.answered()) this.waiting()
    })
    // The session alone must not keep the process alive (a script that forgets to close its
    // topology still exits, and its exit handler removes it): a pending transaction's timer does.
    session.unref()
    for (const stream of [session.stdin, session.stdout, session.stderr]) {
      ;(stream as unknown as { unref?: () => void }).unref?.()
    }
    session.once("exit", () => {
      if (this.session === session) this.session = undefined
    })
    this.session = session
    return session
  }
}
