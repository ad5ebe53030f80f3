import { expect } from "chai"
import { socket } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { Scope } from "../../lib/core/scope"

describe("scope memory", () => {
  // Regression: Mocha keeps every test (and so its scope) until the run ends, and the scope's
  // end-of-test checks held each socket of the test: every socket of the run stayed in memory.
  it("drops its checks and assertion records when it closes", async () => {
    const scope = new Scope("test", "a test")
    scope.endChecks.add(() => undefined)
    scope.assertions.add({ awaited: false, site: undefined as never, describe: () => "" })
    await scope.close()
    expect(scope.endChecks.size).to.equal(0)
    expect(scope.assertions.size).to.equal(0)
  })

  // Regression: every receive assertion stayed recorded in its scope until the scope closed,
  // so a long test (or code outside Mocha) kept one record per message received.
  it("forgets a receive assertion once it is awaited", async () => {
    const pull = await socket("pull", { bind: "inproc://scope-memory" })
    const push = await socket("push", { connect: "inproc://scope-memory" })
    for (let i = 0; i < 3; i++) {
      await push.send(i)
      await expect(pull).to.receive([i])
    }
    expect(currentScope().assertions.size).to.equal(0)
  })
})
