import { expect } from "chai"
import { afterFailure } from "../../src/retry"

describe("lazy pirate retries", () => {
  it("resends after a failed attempt while resends are left", () => {
    expect(afterFailure(1, 3)).to.deep.equal({ kind: "retry", attempt: 2, of: 4 })
    expect(afterFailure(3, 3)).to.deep.equal({ kind: "retry", attempt: 4, of: 4 })
  })

  it("gives the server up after the last attempt", () => {
    expect(afterFailure(4, 3)).to.deep.equal({ kind: "give-up", attempts: 4 })
  })

  it("gives up after the first attempt when no resend is allowed", () => {
    expect(afterFailure(1, 0)).to.deep.equal({ kind: "give-up", attempts: 1 })
  })
})
