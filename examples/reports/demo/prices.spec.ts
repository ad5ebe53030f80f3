// Fails on purpose: run by test/system/reports.test.ts with ZMQ_HARNESS_ARTIFACTS set, so that
// each failed test leaves its transcript.jsonl, process output and report.html.
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

describe("price server @process", () => {
  async function server() {
    const prices = await startModule("src/prices.ts", [], { ready: /listening on/ })
    const [, endpoint] = await prices.waitForOutput(/listening on (\S+)/)
    return socket("req", { connect: endpoint, name: "trader" })
  }

  it("quotes ACME", async () => {
    const trader = await server()
    await trader.send(["price", "ACME"])
    await expect(trader).to.receive([["quote", "ACME", 1234]])
  })

  it("answers an unknown symbol with an error", async () => {
    const trader = await server()
    await trader.send(["price", "ACME"])
    await expect(trader).to.receive([["quote", "ACME", 1234]])
    await trader.send(["price", "NOPE"]) // the server crashes here: the wait fails at once
    await expect(trader).to.receive([["error", "no price for NOPE"]])
  })

  it("quotes INITECH in dollars", async () => {
    const trader = await server()
    await trader.send(["price", "INITECH"])
    await expect(trader).to.receive([["quote", "INITECH", 0.99]]) // a wrong expectation
  })
})
