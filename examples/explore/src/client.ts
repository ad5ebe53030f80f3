/**
 * A Clone-pattern client: subscribes to updates (a SUB), asks for a snapshot (["ICANHAZ?"] on
 * a DEALER) and reports what it did with each message on a PUSH, as JSON
 * [what, seq of the message, seq of its state] (see ./state.ts).
 *
 *   node -r ts-node/register src/client.ts <updates> <snapshots> <reports> [--fixed]
 *   node -r ts-node/register src/client.ts --control <endpoint> <reports> [--fixed]
 *
 * With `--control` it waits for ["reset", run, updates, snapshots] on a PULL connected to
 * that endpoint and starts over each time (a process kept across the runs of a test), its
 * reports carrying the run: [what, seq, state, run]. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util"
import { Dealer, Pull, Push, Subscriber } from "zeromq"
import { CloneState, type Handled } from "./state"

/** One client: its two sockets and its state. Closed when the next one starts. */
function start(updates: string, snapshots: string, fixed: boolean, report: (h: Handled) => void) {
  const state = new CloneState(fixed)
  const sub = new Subscriber({ linger: 0 })
  sub.subscribe("")
  sub.connect(updates)
  const dealer = new Dealer({ linger: 0 })
  dealer.connect(snapshots)
  void dealer.send(JSON.stringify(["ICANHAZ?"])).catch(() => undefined)
  const follow = async (socket: Subscriber | Dealer, handle: (body: unknown[]) => Handled[]) => {
    try {
      for await (const [frame] of socket)
        for (const h of handle(JSON.parse(String(frame)))) report(h)
    } catch {
      // closed
    }
  }
  void follow(sub, ([seq, key, value]) => state.update(seq as number, key as string, value))
  void follow(dealer, ([, seq, kv]) => state.snapshot(seq as number, kv as Record<string, unknown>))
  return () => {
    sub.close()
    dealer.close()
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { fixed: { type: "boolean" }, control: { type: "string" } },
  })
  const fixed = values.fixed === true
  const reportsAt = values.control ? positionals[0] : positionals[2]
  if (!reportsAt) throw new Error("usage: client.ts <updates> <snapshots> <reports> [--fixed]")
  const push = new Push({ linger: 1000 })
  push.connect(reportsAt)
  const send = (line: unknown[]) => void push.send(JSON.stringify(line)).catch(() => undefined)
  let stop = () => {}
  process.once("SIGTERM", () => stop())
  process.once("SIGINT", () => stop())
  if (!values.control) {
    const [updates, snapshots] = positionals
    const close = start(updates, snapshots, fixed, (h) => send([h.what, h.seq, h.state]))
    stop = () => {
      close()
      push.close()
    }
    return
  }
  const control = new Pull({ linger: 0 })
  control.connect(values.control)
  let close = () => {}
  stop = () => {
    close()
    control.close()
    push.close()
  }
  try {
    for await (const [frame] of control) {
      const [, run, updates, snapshots] = JSON.parse(String(frame)) as [
        string,
        number,
        string,
        string,
      ]
      close()
      close = start(updates, snapshots, fixed, (h) => send([h.what, h.seq, h.state, run]))
    }
  } catch {
    // closed
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
