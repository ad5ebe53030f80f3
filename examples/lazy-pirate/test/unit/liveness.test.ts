import { expect } from "chai"
import { Liveness } from "../../src/liveness"

describe("heartbeat liveness", () => {
  it("stays alive while the peer answers between ticks", () => {
    const live = new Liveness(3, 0)
    for (let t = 100; t <= 1000; t += 100) {
      live.heard(t - 10)
      expect(live.tick(t)).to.deep.equal({ kind: "alive" })
    }
  })

  it("declares the peer silent after `max` ticks in a row without a word", () => {
    const live = new Liveness(3, 0)
    live.heard(50)
    expect(live.tick(100)).to.deep.equal({ kind: "alive" })
    expect(live.tick(200)).to.deep.equal({ kind: "missed", left: 2 })
    expect(live.tick(300)).to.deep.equal({ kind: "missed", left: 1 })
    expect(live.tick(400)).to.deep.equal({ kind: "silent", for: 350 })
  })

  it("detects silence within max + 1 intervals of the last word, wherever it falls", () => {
    for (const last of [101, 150, 199]) {
      const live = new Liveness(3, 0)
      live.heard(last)
      let t = 200
      let beat = live.tick(t)
      while (beat.kind !== "silent") beat = live.tick((t += 100))
      expect(beat.for).to.be.within(300, 400)
    }
  })

  it("counts again from full after declaring silence, and says how long the peer was away", () => {
    const live = new Liveness(2, 0)
    live.tick(100)
    expect(live.tick(200)).to.deep.equal({ kind: "silent", for: 200 })
    expect(live.tick(300)).to.deep.equal({ kind: "missed", left: 1 })
    expect(live.heard(350)).to.equal(350)
    expect(live.heard(360)).to.equal(undefined)
    expect(live.tick(400)).to.deep.equal({ kind: "alive" })
  })

  it("refuses a liveness below 1", () => {
    expect(() => new Liveness(0, 0)).to.throw(
      RangeError,
      "liveness: expected an integer >= 1, got 0",
    )
  })
})
