import { expect } from "chai"
import { quote } from "../../src/quote"

describe("quote", () => {
  it("quotes a known symbol in cents", () => {
    expect(quote("price", "ACME")).to.deep.equal(["quote", "ACME", 1234])
  })

  it("answers an unknown command with an error", () => {
    expect(quote("buy", "ACME")).to.deep.equal(["error", "unknown command buy"])
  })

  it("throws on an unknown symbol (the bug the demo suite's process tests find)", () => {
    expect(() => quote("price", "NOPE")).to.throw("no price for NOPE")
  })
})
