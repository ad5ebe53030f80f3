import { expect } from "chai"
import { peer, startModule } from "zmq-harness"

// The subscriber of examples/pubsub, fed by a mock publisher: a `pub` peer sees the
// subscription arrive (no sleep for the slow joiner), then publishes at a steady rate.
describe("pubsub subscriber against a mock publisher @process", () => {
  it("prints 1,000 messages published one per millisecond, in order", async () => {
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*", name: "publisher" })
    const sub = await startModule(
      "../pubsub/src/subscriber.ts",
      [pub.endpoint, "1000", "weather"],
      {
        ready: /subscribed to/,
      },
    )
    await pub.subscribed("weather", { timeout: 5000 })
    await pub.publish((i) => ["weather", { seq: i }], { every: 1, count: 1000 })

    expect((await sub.exited).code).to.equal(0)
    const lines = sub.stdout.trim().split("\n").slice(1)
    expect(lines).to.have.length(1000)
    expect(lines.every((line, i) => line === `weather {"seq":${i}}`)).to.equal(true)
  })
})
