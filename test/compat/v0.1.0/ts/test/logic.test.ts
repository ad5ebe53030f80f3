// test/logic.test.ts of docs/getting-started.md (v0.1.0), as printed.
import { expect } from "chai"
import { handle } from "../src/logic"

describe("pong logic", () => {
  it("answers a ping with a pong", () => {
    expect(handle(["ping", 7])).to.deep.equal({ reply: ["pong", 7], stop: false })
  })
})
