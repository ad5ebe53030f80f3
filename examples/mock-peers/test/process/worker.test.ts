import { expect } from "chai"
import sinon from "sinon"
import { peer, startModule } from "zmq-harness"

// The worker runs as a real process; its broker is a mock peer that answers by itself, so the
// test states the conversation up front instead of playing it step by step.
describe("worker against a mock broker @process", () => {
  it("asks for jobs, reports each result, and stops when told", async () => {
    const broker = await peer("router", { bind: "tcp://127.0.0.1:*", name: "broker" })
    // The worker's REQ socket adds an envelope; the broker peer takes it off for the matcher
    // and puts it back on each reply, so the reply goes to this worker.
    broker.on(["ready"]).reply(["job", { id: 1, n: 6 }])
    broker.on(["result", { id: 1, value: 36 }]).reply(["job", { id: 2, n: 7 }])
    broker.on(["result", { id: 2, value: 49 }]).reply(["stop"])

    const worker = await startModule("src/worker.ts", [broker.endpoint], { ready: /connected/ })
    await broker.done({ timeout: 5000 })
    expect((await worker.exited).code).to.equal(0)
    expect(worker.stdout).to.include("worker stopped after 2 job(s)")
  })

  it("hands out jobs from a function until none are left", async () => {
    const jobs = [3, 4, 5].map((n, i) => ({ id: i + 1, n }))
    const next = () => {
      const job = jobs.shift()
      return job ? ["job", job] : ["stop"]
    }
    const broker = await peer("router", { bind: "tcp://127.0.0.1:*", name: "broker" })
    broker.on(["ready"]).reply(next)
    broker
      .on(["result", { id: sinon.match.number, value: sinon.match.number }])
      .reply(next)
      .times(3)

    const worker = await startModule("src/worker.ts", [broker.endpoint])
    await broker.done({ timeout: 5000 })
    expect((await worker.exited).code).to.equal(0)
    const results = broker.received.slice(1).map((r) => r.frames[1])
    expect(results).to.deep.equal([
      { id: 1, value: 9 },
      { id: 2, value: 16 },
      { id: 3, value: 25 },
    ])
  })
})
