import { expect } from "chai"
import { faultyLink, socket } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { hangReport } from "../../lib/core/hang-report"
import { REORDER_HOLD_MS } from "../../lib/faults/pipe"
import { rejection } from "../helpers/rejection"
import { timed } from "./helpers"

describe("faultyLink reorder, bandwidth and jitter", () => {
  it("reorder({ every: 2 }) lets the next message overtake the held one", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.reorder({ every: 2 })
    for (const m of ["1", "2", "3", "4", "5"]) await push.sendFrames([m])
    const order: string[] = []
    for (let i = 0; i < 5; i++) order.push(String((await pull.recv())[0]))
    // 2 is held until 3 passes; 4 is held until 5 passes.
    expect(order).to.deep.equal(["1", "3", "2", "5", "4"])
    expect(link.stats.faults.reordered).to.equal(2)
  })

  it("releases a held message on its own when no other comes (a REQ waits for its reply)", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint })
    const req = await socket("req", { connect: link.endpoint })
    await req.connected()
    link.reorder({ direction: "upstream" })
    const ms = await timed(async () => {
      await req.send(["alone"])
      await expect(rep).to.receive([["alone"]])
    })
    expect(ms).to.be.at.least(REORDER_HOLD_MS - 1)
  })

  it("bandwidth(20 000) makes 10 kB take about half a second", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.bandwidth(20_000, { direction: "upstream" })
    const ms = await timed(async () => {
      for (let i = 0; i < 10; i++) await push.sendFrames([Buffer.alloc(1000, i)])
      for (let i = 0; i < 10; i++) await pull.recv({ timeout: 3000 })
    })
    expect(ms).to.be.at.least(480).and.below(3000)
  })

  it("bandwidth and delay add up, as on a wire", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.bandwidth(10_000).delay(100)
    const ms = await timed(async () => {
      await push.sendFrames([Buffer.alloc(1000)])
      await pull.recv({ timeout: 3000 })
    })
    expect(ms).to.be.at.least(199) // 1000 B at 10 kB/s, then 100 ms
  })

  it("delay with jitter keeps order and stays within delay ± jitter", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint, seed: 3 })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.delay(60, { jitter: 40, direction: "upstream" })
    const start = performance.now()
    for (let i = 0; i < 10; i++) await push.sendFrames([String(i)])
    const got: string[] = []
    for (let i = 0; i < 10; i++) got.push(String((await pull.recv())[0]))
    const ms = performance.now() - start
    expect(got).to.deep.equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
    expect(ms).to.be.at.least(19).and.below(2000)
  })
})

describe("faultyLink reports", () => {
  it("describe() names the link, its seed, faults, connections and last messages", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint, seed: 7 })
    const req = await socket("req", { connect: link.endpoint })
    await req.send(["ping"])
    await expect(rep).to.receive([["ping"]])
    link.delay(50, { jitter: 10 }).drop({ every: 3, direction: "downstream" })
    expect(link.describe()).to.match(
      new RegExp(
        `^link ${link.endpoint} → ${rep.endpoint} \\(seed 7\\): faults delay 50±10 ms, drop every 3 downstream; ` +
          `1 open connection \\(1 accepted, 0 refused\\); last upstream \\["", \\["ping"\\]\\] \\d+ ms ago; nothing downstream$`,
      ),
    )
  })

  it("joins the hang report of its test", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: rep.endpoint, seed: 11 })
    link.blackhole()
    expect(hangReport([currentScope()])).to.include(
      `  link ${link.endpoint} → ${rep.endpoint} (seed 11): faults blackhole; 0 open connections`,
    )
  })

  it("joins the timeout error of a socket of its test, with its seed", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const link = await faultyLink({ target: pull.endpoint, seed: 5 })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.drop({ probability: 1 })
    await push.send(["lost"])
    const err = await rejection(() => pull.recv({ timeout: 100 }))
    expect(err.message).to.include(
      `Fault links of this test:\n  link ${link.endpoint} → ${pull.endpoint} (seed 5): faults drop probability 1 (seed 5); ` +
        `1 open connection (1 accepted, 0 refused); last upstream [["lost"]] (dropped (drop probability 1 (seed 5)))`,
    )
  })

  it("record() gives the link's lane: messages each way, faults marked, events", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json: false })
    const link = await faultyLink({ target: pull.endpoint, name: "to the sink" })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    link.drop({ every: 2 })
    await push.sendFrames(["kept"])
    await push.sendFrames(["lost"])
    await push.sendFrames(["kept too"])
    await expect(pull).to.receive(["kept"])
    await expect(pull).to.receive(["kept too"])
    const record = link.record()
    expect(record).to.deep.include({ kind: "link", name: "to the sink" })
    expect(record.endpoints).to.deep.equal([`${link.endpoint} → ${pull.endpoint}`])
    const lines = record.entries.map(
      (e) =>
        `${e.direction} ${e.event ?? e.frames?.map(String).join("|")}${e.note ? ` (${e.note})` : ""}`,
    )
    expect(lines).to.deep.equal([
      "event connect (connection 1)",
      "event drop (drop every 2)",
      "upstream kept",
      "upstream lost (dropped (drop every 2))",
      "upstream kept too",
    ])
    expect(record.entries.every((e) => e.time > performance.timeOrigin)).to.equal(true)
  })
})
