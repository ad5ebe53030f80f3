import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// The subscriber runs as a process; the test publishes. No sleep: an XPUB
// test socket sees the subscription arrive, and the test publishes only then
// (a PUB socket drops what it sends before a subscription reached it: the
// "slow joiner").
describe("subscriber @process", () => {
  it("prints the messages of its topic, and only those", async () => {
    const pub = await socket("xpub", { bind: "tcp://127.0.0.1:*", name: "publisher" })
    const sub = await startModule("src/subscriber.ts", [pub.endpoint, "2", "weather"], {
      ready: /subscribed to/,
    })

    await pub.subscribed("weather")
    await pub.sendFrames(["sports", '{"score":"1-0"}'])
    await pub.sendFrames(["weather", '{"temp":21}'])
    await pub.sendFrames(["weather", '{"temp":22}'])

    expect((await sub.exited).code).to.equal(0)
    expect(sub.stdout).to.equal(
      `subscribed to weather at ${pub.endpoint}\nweather {"temp":21}\nweather {"temp":22}\n`,
    )
  })
})
