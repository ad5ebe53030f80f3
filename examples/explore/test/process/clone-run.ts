import { expect } from "chai"
import { faultyLink, socket, startModule, type ExploreRun, type TestSocket } from "zmq-harness"

/** The client process, kept across runs: reset by a message on `control` at each run. */
export interface KeptClient {
  control: TestSocket
  reports: TestSocket
}

/** Starts one client process for every run of an exploration (reset by a message). */
export async function keptClient(fixed: boolean): Promise<KeptClient> {
  const control = await socket("push", { bind: "tcp://127.0.0.1:*" })
  const reports = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const args = ["--control", control.endpoint, reports.endpoint, ...(fixed ? ["--fixed"] : [])]
  await startModule("src/client.ts", args)
  await control.connected()
  return { control, reports }
}

/**
 * One run: the test plays the Clone server (updates on an XPUB, snapshots on a ROUTER), each
 * behind a link whose order the run chooses, and the client connects through them. The server
 * publishes two updates of one key, then answers the snapshot request with a snapshot that
 * holds both. Whatever the order, the client's state must never go back.
 */
export async function cloneRun(run: ExploreRun, client: { fixed: boolean } | KeptClient) {
  const publisher = await socket("xpub", { bind: "tcp://127.0.0.1:*" })
  const server = await socket("router", { bind: "tcp://127.0.0.1:*" })
  const updates = await faultyLink({ target: publisher.endpoint, schedule: run, name: "updates" })
  const snapshots = await faultyLink({ target: server.endpoint, schedule: run, name: "snapshots" })
  let reports: TestSocket
  if ("control" in client) {
    await client.control.send(["reset", run.index, updates.endpoint, snapshots.endpoint])
    reports = client.reports
  } else {
    reports = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const args = [updates.endpoint, snapshots.endpoint, reports.endpoint]
    await startModule("src/client.ts", client.fixed ? [...args, "--fixed"] : args)
  }

  // The client's subscription (never held by the link), once its process has started.
  await publisher.subscribed("", { timeout: 10_000 })
  const [id] = (await server.recv()) as [Buffer, unknown] // ["ICANHAZ?"]
  await publisher.send([1, "x", 1])
  await publisher.send([2, "x", 2])
  await server.send([id], ["KTHXBAI", 2, { x: 2 }])

  // The client reports each message it handled: [what, seq, its state's seq (, run)].
  let seq = 0
  let snapshot = false
  const handled = new Set<number>()
  while (!snapshot || !handled.has(1) || !handled.has(2)) {
    const [[what, of, now, from]] = (await reports.recv()) as [[string, number, number, number?]]
    if ("control" in client && from !== run.index) continue // an earlier run's report
    expect(
      now,
      `the client's state went back from seq ${seq} to ${now} (${what} ${of})`,
    ).to.be.at.least(seq)
    seq = now
    if (what === "snapshot") snapshot = true
    else if (what !== "kept") handled.add(of)
  }
}
