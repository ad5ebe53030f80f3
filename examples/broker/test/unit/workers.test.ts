import { expect } from "chai"
import { Workers } from "../../src/workers"

describe("broker workers (heartbeat mode)", () => {
  it("sends each request to the worker that waited longest", () => {
    const workers = new Workers(300)
    expect(workers.heard("a", 0)).to.deep.equal({ kind: "new" })
    expect(workers.heard("b", 10)).to.deep.equal({ kind: "new" })
    expect(workers.next()).to.equal("a")
    expect(workers.next()).to.equal("b")
    expect(workers.next()).to.equal(undefined)
    expect(workers.heard("b", 20)).to.deep.equal({ kind: "known" }) // b's reply: b is ready again
    expect(workers.next()).to.equal("b")
  })

  it("moves a worker that speaks again to the end of the line", () => {
    const workers = new Workers(300)
    workers.heard("a", 0)
    workers.heard("b", 0)
    workers.heard("a", 50)
    expect([workers.next(), workers.next()]).to.deep.equal(["b", "a"])
  })

  it("takes out of rotation a worker silent past the expiry, and not before", () => {
    const workers = new Workers(300)
    workers.heard("a", 0)
    workers.heard("b", 0)
    workers.heard("b", 250)
    expect(workers.expire(300)).to.deep.equal([])
    expect(workers.expire(301)).to.deep.equal([{ id: "a", silentFor: 301 }])
    expect(workers.inRotation()).to.deep.equal(["b"])
    expect(workers.next()).to.equal("b")
    expect(workers.next()).to.equal(undefined)
  })

  it("puts a worker back in rotation when it speaks again, saying for how long it was silent", () => {
    const workers = new Workers(300)
    workers.heard("a", 100)
    workers.expire(500)
    expect(workers.heard("a", 900)).to.deep.equal({ kind: "back", after: 800 })
    expect(workers.inRotation()).to.deep.equal(["a"])
    expect(workers.next()).to.equal("a")
  })
})
