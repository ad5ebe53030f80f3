import { expect } from "chai"
import { LastValueCache, parseSubscription } from "../../src/cache"

describe("last-value cache", () => {
  it("parses a subscription and an unsubscription", () => {
    expect(parseSubscription(Buffer.from("\x01weather"))).to.deep.equal({
      subscribe: true,
      topic: "weather",
    })
    expect(parseSubscription(Buffer.from("\x00weather"))).to.deep.equal({
      subscribe: false,
      topic: "weather",
    })
  })

  it("ignores a frame that is not a subscription", () => {
    expect(parseSubscription(Buffer.from("weather"))).to.equal(undefined)
  })

  it("replays the latest value of every topic a prefix matches", () => {
    const cache = new LastValueCache()
    cache.update("weather.paris", { temp: 20 })
    cache.update("weather.paris", { temp: 21 })
    cache.update("weather.oslo", { temp: 3 })
    cache.update("sports", { score: "1-0" })
    expect(cache.replay("weather")).to.deep.equal([
      ["weather.paris", '{"temp":21}'],
      ["weather.oslo", '{"temp":3}'],
    ])
  })
})
