import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// The parent binds a random port and hands it to `new PongWorker(port)`,
// which would start a worker process. Here PongWorker is replaced inside the
// parent's process by a stub that reports its constructor arguments, so the
// test learns the port and plays the worker itself.
describe("parent process with its worker stubbed @process", () => {
  it("pings the worker on the port it passed, then stops it", async () => {
    const parent = await startModule("src/parent.ts", ["2"], {
      stubs: [{ module: "./worker", export: "PongWorker" }],
    })
    const [port] = await parent.stub("./worker", "PongWorker").constructed()
    const worker = await socket("pair", { connect: `tcp://127.0.0.1:${port}`, name: "fake worker" })

    await expect(worker).to.receive([["ping", 1]])
    await worker.send(["pong", 1])
    await expect(worker).to.receive([["ping", 2]])
    await worker.send(["pong", 2])
    await expect(worker).to.receive([["plzdiekthxbye", null]])

    expect((await parent.exited).code).to.equal(0)
    expect(parent.stdout).to.equal(
      '["ping",1] -> ["pong",1]\n["ping",2] -> ["pong",2]\nworker stopped\n',
    )
  })
})
