import { expect } from "chai"
import { runFixture } from "./run-fixture"

describe("what the harness saw, in a failure message", function () {
  this.timeout(30000)

  it("ends a failed test's message with the problems its resources noted, once", async () => {
    const run = await runFixture(["notices.fixture.ts"])
    const byTitle = new Map(run.failures.map((t) => [t.fullTitle, t.err.message ?? ""]))
    expect(run.passes.map((t) => t.fullTitle)).to.deep.equal([
      "notices passes after a notice",
      "notices of a suite passes, and leaves the suite's notice to the first test that fails",
    ])
    expect(byTitle.get("notices fails on its own assertion after a notice")).to.equal(
      "expected 1 to equal +0\n\nzmq-harness also saw:\n" +
        '  - replay "x": no recorded request matched ["pinj",2]',
    )
    // A notice belongs to its test: the passing test's notice reaches no later failure.
    expect(byTitle.get("notices fails without a notice")).to.equal("expected 2 to equal +0")
    // A suite's notice goes to its first failing test, not to the first test; what the message
    // says already is not repeated.
    expect(
      byTitle.get("notices of a suite fails with a message that already says what was noticed"),
    ).to.equal(
      "zmq-harness: the peer got [1]. It fails the test.\n\nzmq-harness also saw:\n" +
        "  - a target of the suite did not answer",
    )
    // A check at the end of the test may notice something too.
    expect(
      byTitle.get(
        "notices of an end check fails on its own assertion, and a check at its end notices something",
      ),
    ).to.equal("expected 3 to equal +0\n\nzmq-harness also saw:\n  - noticed when the test ended")
  })
})
