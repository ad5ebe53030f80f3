import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// The publisher runs as a process; the test plays its update source (PUSH)
// and a subscriber (SUB). No sleep anywhere: `connected()` waits for the
// handshake, and the publisher's own "subscribed" line proves the
// subscription reached it (the handshake alone does not: the subscription
// travels after it).
describe("publisher @process", () => {
  async function startPublisher() {
    const publisher = await startModule("src/publisher.ts", [], { ready: /updates on/ })
    const [, publishing] = await publisher.waitForOutput(/publishing on (\S+)/)
    const [, updates] = await publisher.waitForOutput(/updates on (\S+)/)
    const source = await socket("push", { connect: updates, name: "update source" })
    return { publisher, publishing, source }
  }

  it("publishes each update to a subscriber of its topic", async () => {
    const { publisher, publishing, source } = await startPublisher()
    const sub = await socket("sub", { connect: publishing, subscribe: "weather" })
    await sub.connected()
    await publisher.waitForOutput(/subscribed weather/)

    await source.sendFrames(["sports", '{"score":"1-0"}'])
    await source.sendFrames(["weather", '{"temp":21}'])
    await expect(sub).to.receive(["weather", { temp: 21 }])
    await expect(sub).to.receiveNothing({ timeout: 100 })
  })

  it("gives a late subscriber the last value at once", async () => {
    const { publisher, publishing, source } = await startPublisher()
    await source.sendFrames(["weather", '{"temp":20}'])
    await source.sendFrames(["weather", '{"temp":21}'])
    await publisher.waitForOutput(/update weather \{"temp":21\}/)

    const sub = await socket("sub", { connect: publishing, subscribe: "weather" })
    await expect(sub).to.receive(["weather", { temp: 21 }])
  })
})
