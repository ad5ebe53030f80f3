import { expect } from "chai"
import { childMochaArgs, runChildMocha } from "../helpers/child-mocha"

describe("socket close with a receive pending", function () {
  this.timeout(90000)

  // libzmq 4.3.5 aborts (SIGABRT) when a socket is unbound while a receive is pending and a
  // peer disconnects: a test that Mocha's timeout ended left such a receive, and the close at
  // its end took the whole run down with it.
  it("closes without unbinding first, so the run survives and the port is free", async () => {
    const run = await runChildMocha(
      childMochaArgs(["test/fixtures/sockets/close-while-receiving.fixture.ts"]),
      { timeoutMs: 80000 },
    )
    expect(run.signal, run.output).to.equal(null)
    expect(run.code, run.output).to.equal(0)
    expect(run.passed, run.output).to.equal(1)
  })
})
