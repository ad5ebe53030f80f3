// The example of docs/child-stubs.md, runnable: A (test/fixtures/stubs/a.js)
// binds a random port and constructs B with it; the test replaces B, learns
// the port, and plays B's part over a real socket.
import { expect } from "chai"
import { socket, startModule } from "../../lib"

describe("A @process (docs/child-stubs.md)", () => {
  it("welcomes its worker, and stops it when told to", async () => {
    const a = await startModule("test/fixtures/stubs/a.js", [], {
      stubs: [{ module: "./b", export: "B" }],
    })
    const [port] = await a.stub("./b", "B").constructed() // the arguments of `new B(port)`
    const worker = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await worker.send(["hello"])
    await expect(worker).to.receive([["welcome", null]])
    await worker.send(["stop"])
    await expect(worker).to.receive([["stopped"]])
    // The calls come over the IPC channel, which nothing orders with the zmq reply: a "stopped"
    // can arrive before the report of stop() and join() (1 run in 2 under load). A's exit
    // comes after them (its channel closes last), so wait for it.
    await expect(a).to.exit(0)
    const methods = a
      .stub("./b", "B")
      .calls()
      .map((call) => call.method)
    expect(methods).to.deep.equal(["new", "start", "stop", "join"])
  })
})
