import { expect } from "chai"
import { runFixture } from "./run-fixture"

describe("what the harness saw, in a failure message", function () {
  this.timeout(30000)

  it("ends a failed test's message with the problems its resources noted, once", async () => {
    const run = await runFixture(["notices.fixture.ts"])
    const byTitle = new Map(run.failures.map((t) => [t.fullTitle, t.err.message ?? ""]))
    expect(run.passes.map((t) => t.fullTitle)).to.deep.equal(["notices passes after a notice"])
    expect(byTitle.get("notices fails on its own assertion after a notice")).to.equal(
      "expected 1 to equal +0\n\nzmq-harness also saw:\n" +
        '  - replay "x": no recorded request matched ["pinj",2]',
    )
    // A notice belongs to its test: the passing test's notice reaches no later failure.
    expect(byTitle.get("notices fails without a notice")).to.equal("expected 2 to equal +0")
  })
})
