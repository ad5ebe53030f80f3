import { expect } from "chai"
import * as path from "node:path"
import * as sinon from "sinon"
import { peer, startModule, UnexpectedMessageError } from "../../lib"
import { rejection } from "../helpers/rejection"

// The peer API against the example applications, run as real processes: the worker of
// examples/mock-peers against a mock broker, the subscriber of examples/pubsub against a mock
// publisher. (examples/mock-peers/test holds the same tests as a user's project writes them.)
const EXAMPLES = path.join(__dirname, "../../examples")
const WORKER = path.join(EXAMPLES, "mock-peers/src/worker.ts")
const SUBSCRIBER = path.join(EXAMPLES, "pubsub/src/subscriber.ts")

describe("peer: against the example apps @process", function () {
  this.timeout(30000)

  it("plays the broker of a worker process: jobs out, results in, then stop", async () => {
    const broker = await peer("router", { bind: "tcp://127.0.0.1:*", name: "broker" })
    broker.on(["ready"]).reply(["job", { id: 1, n: 6 }])
    broker.on(["result", { id: 1, value: 36 }]).reply(["job", { id: 2, n: 7 }])
    broker.on(["result", { id: 2, value: 49 }]).reply(["stop"])
    const worker = await startModule(WORKER, [broker.endpoint], { ready: /connected/ })
    await broker.done({ timeout: 10000 })
    expect((await worker.exited).code).to.equal(0)
    expect(worker.stdout).to.include("worker stopped after 2 job(s)")
    expect(broker.received.map((r) => r.envelope.length)).to.deep.equal([2, 2, 2])
  })

  it("fails the test's wait at once when the worker reports a result no expectation matches", async () => {
    const broker = await peer("router", { bind: "tcp://127.0.0.1:*", name: "broker" })
    broker.on(["ready"]).reply(["job", { id: 1, n: 6 }])
    // Wrong on purpose: 6 squared is 36.
    broker.on(["result", { id: 1, value: 35 }]).reply(["stop"])
    broker.on(["result", { id: sinon.match.string }]).reply(["stop"])
    await startModule(WORKER, [broker.endpoint])
    const started = performance.now()
    const err = await rejection(() => broker.done({ timeout: 10000 }))
    expect(performance.now() - started).to.be.below(8000)
    expect(err).to.be.instanceOf(UnexpectedMessageError)
    expect(err.message).to.include(
      `expected a message that an expectation of router peer "broker" (bind ${broker.endpoint}) matches, got ["result", {"id":1,"value":36}]`,
    )
    expect(err.message).to.include(
      'The closest expectation, ["result", {"id": 1, "value": 35}], differs at frame 1 (frame 1.value: expected 35, got 36).',
    )
  })

  it("feeds the pubsub subscriber 1,000 messages at one per millisecond, after its subscription", async () => {
    // A transcript long enough for all of it (1,000 entries by default, then the oldest go).
    const pub = await peer("pub", {
      bind: "tcp://127.0.0.1:*",
      name: "publisher",
      transcript: 2000,
    })
    const sub = await startModule(SUBSCRIBER, [pub.endpoint, "1000", "weather"], {
      ready: /subscribed to/,
    })
    await pub.subscribed("weather", { timeout: 10000 })
    const started = performance.now()
    await pub.publish((i) => ["weather", { seq: i }], { every: 1, count: 1000 })
    const took = performance.now() - started
    // The rate holds: the last message goes 999 ms after the first, not before.
    expect(took).to.be.at.least(999)
    expect((await sub.exited).code).to.equal(0)
    const lines = sub.stdout.trim().split("\n")
    expect(lines[0]).to.equal(`subscribed to weather at ${pub.endpoint}`)
    expect(lines.slice(1)).to.deep.equal(
      Array.from({ length: 1000 }, (_, i) => `weather {"seq":${i}}`),
    )
    expect(pub.transcript.filter((e) => e.direction === "sent")).to.have.length(1000)
  })
})
