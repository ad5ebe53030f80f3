import { expect } from "chai"
import * as sinon from "sinon"
import {
  socket,
  startModule,
  processTest,
  send,
  recv,
  runProgram,
  normalizers,
  ProcessHandle,
} from "zmq-harness"

describe("pong @process", () => {
  let pong: ProcessHandle
  let endpoint: string
  beforeEach(async () => {
    pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    endpoint = (await pong.waitForOutput(/listening on (\S+)/))[1]
  })
  it("answers", async () => {
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  })
  it(
    "answers in generator style",
    processTest(function* () {
      const req = yield socket("req", { connect: endpoint })
      yield send(req, [], ["ping", 7])
      expect(yield recv(req)).to.deep.equal([["pong", 7]])
    }),
  )
  it("crash fails the wait at once", async () => {
    const req = await socket("req", { connect: endpoint, timeout: 5000 })
    await req.send(["crash", 1])
    const t = Date.now()
    const err = await req.recv().catch((e) => e)
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect(Date.now() - t).to.be.below(1000)
  })
  it("router envelope", async () => {
    const router = await socket("router", { bind: "tcp://127.0.0.1:*" })
    const dealer = await socket("dealer", { connect: router.endpoint })
    await dealer.send([""], ["hi", 1])
    await expect(router).to.receive([sinon.match.any, "", ["hi", 1]])
  })
})

describe("parent @process", () => {
  it("captures the port", async () => {
    const a = await startModule("src/parent.ts", [], {
      stubs: [{ module: "./worker", export: "Worker" }],
    })
    const [port] = await a.stub("./worker", "Worker").constructed()
    const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await peer.send(["hello"])
    await expect(peer).to.receive([["ack", ["hello"]]])
  })
})

describe("system @system", () => {
  it("golden", async () => {
    const run = await runProgram("node", [
      "-e",
      "console.log('listening on tcp://127.0.0.1:' + (40000 + process.pid % 1000))",
    ])
    expect(run.code).to.equal(0)
    expect(run.stdout).to.matchGolden("test/data/out.txt", { normalize: [normalizers.ports] })
  })
})
