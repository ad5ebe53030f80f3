// A plain JavaScript (CommonJS) project with no TypeScript installed. The
// package check runs it with each way of loading the plugin and with each
// mocha × chai version pair.
const { expect } = require("chai")
const { socket, startModule } = require("zmq-harness")

// Odd, outside the ephemeral range: the two tests below bind it in turn.
const FIXED = "tcp://127.0.0.1:47391"

describe("plain JavaScript @process", () => {
  it("starts a .js module and talks to it", async () => {
    const pong = await startModule("src/pong.js", [], { ready: /listening on/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 2]])
  })

  // The root hooks close every socket when its test ends: without them the
  // second bind fails with "address in use", and Mocha never exits.
  it("binds a fixed port", async () => {
    await socket("rep", { bind: FIXED })
  })
  it("binds the same port again in the next test", async () => {
    const rep = await socket("rep", { bind: FIXED })
    const req = await socket("req", { connect: FIXED })
    await req.send(["hi"])
    await expect(rep).to.receive([["hi"]])
  })

  it("require('zmq-harness/chai') is the chai plugin", () => {
    const plugin = require("zmq-harness/chai")
    expect(plugin).to.be.a("function")
    expect(plugin.zmqHarnessChai).to.equal(plugin)
  })
})
