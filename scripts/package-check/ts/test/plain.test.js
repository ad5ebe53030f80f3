const { expect } = require("chai")
const { socket, startModule } = require("zmq-harness")
describe("plain js @process", () => {
  it("starts a TypeScript module with the project's loader and talks to it", async () => {
    const p = await startModule("src/pong.ts", [], { ready: /listening/ })
    const [, ep] = await p.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: ep })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 2]])
  })
})
