import { expect } from "chai"
import * as path from "node:path"
import * as zmq from "zeromq"
import { faultyLink, socket, startModule, type ExploreRun, type TestSocket } from "../../lib"

/** The fixture's client, as a process or in the test's own process. */
export const CLONE_CLIENT = path.join(__dirname, "fixtures/clone-client.js")
const { CloneClient } = require(CLONE_CLIENT) as {
  CloneClient: new (options: {
    updates: string
    snapshots: string
    fixed: boolean
    report: (line: unknown) => void
  }) => { start(): { close(): void } }
}

export type Variant = "buggy" | "fixed"

/** A client process started once and reset by a message at the start of each run. */
export interface KeptClient {
  readonly control: TestSocket
  readonly reports: TestSocket
}

/**
 * Starts the client process for runs that keep it (call it before explore(): it belongs to
 * the test): a control PUSH it listens to, and the PULL its reports come to.
 */
export async function keptClient(variant: Variant): Promise<KeptClient> {
  const control = await socket("push", { bind: "tcp://127.0.0.1:*" })
  const reports = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  await startModule(CLONE_CLIENT, [
    "-",
    "-",
    reports.endpoint,
    variant,
    "--control",
    control.endpoint,
  ])
  await control.connected()
  return { control, reports }
}

/**
 * One run of the Clone scenario: a server made of test sockets (updates on an XPUB, snapshots
 * on a ROUTER), both behind links scheduled by the run; the client subscribes and asks for a
 * snapshot; the server publishes two updates of one key and answers with a snapshot that holds
 * both. The client's state must never go back (a stale update applied after the snapshot).
 */
export async function cloneRun(
  run: ExploreRun,
  variant: Variant,
  where: "process" | "in-process" | KeptClient,
): Promise<void> {
  const updatesPub = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
  const snapshots = await socket("router", { bind: "tcp://127.0.0.1:*" })
  const updates = await faultyLink({ target: updatesPub.endpoint, schedule: run, name: "updates" })
  const snaps = await faultyLink({ target: snapshots.endpoint, schedule: run, name: "snapshots" })
  if (typeof where === "object") {
    await where.control.send(["reset", run.index, updates.endpoint, snaps.endpoint])
    return serve(updatesPub, snapshots, where.reports, run.index)
  }
  const reports = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  if (where === "process") {
    await startModule(CLONE_CLIENT, [updates.endpoint, snaps.endpoint, reports.endpoint, variant])
    return serve(updatesPub, snapshots, reports)
  }
  const push = new zmq.Push({ linger: 0 })
  push.connect(reports.endpoint)
  const client = new CloneClient({
    updates: updates.endpoint,
    snapshots: snaps.endpoint,
    fixed: variant === "fixed",
    report: (line) => void push.send(JSON.stringify(line)).catch(() => undefined),
  }).start()
  try {
    await serve(updatesPub, snapshots, reports)
  } finally {
    client.close()
    push.close()
  }
}

/** The server's side, and the check of the client's reports (of this run only, when kept). */
async function serve(
  updatesPub: TestSocket,
  snapshots: TestSocket,
  reports: TestSocket,
  run?: number,
): Promise<void> {
  await updatesPub.subscribed()
  const [id] = (await snapshots.recv()) as [Buffer, unknown]
  await updatesPub.send([1, "x", 1])
  await updatesPub.send([2, "x", 2])
  await snapshots.send([id], ["KTHXBAI", 2, { x: 2 }])
  let seq = 0
  let snapshot = false
  const handled = new Set<number>()
  while (!snapshot || !handled.has(1) || !handled.has(2)) {
    const [[what, of, now, from]] = (await reports.recv()) as [[string, number, number, number?]]
    if (from !== run) continue // a report of an earlier run of a kept client
    expect(
      now,
      `the client's state went back from seq ${seq} to ${now} (${what} ${of})`,
    ).to.be.at.least(seq)
    seq = now
    if (what === "snapshot") snapshot = true
    else if (what !== "kept") handled.add(of)
  }
}
