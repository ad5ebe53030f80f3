import { expect } from "chai"
import { pong } from "../src/pong"

// A unit test: no tag, part of the everyday run.
describe("pong", () => {
  it("answers ping with pong", () => {
    expect(pong(["ping", 1])).to.deep.equal(["pong", 1])
  })
})
