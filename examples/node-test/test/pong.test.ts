import { describe, it } from "node:test"
import * as assert from "node:assert/strict"
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

// The pingpong example's pong process, tested under node:test:
//   node --test --import tsx --import zmq-harness/node-test test/pong.test.ts
// Each test owns the process and sockets it makes; they are closed when it ends.

const PONG = "../pingpong/src/pong.ts"

async function startPong(args: string[] = []) {
  const pong = await startModule(PONG, args, { ready: /listening on (\S+)/ })
  return { pong, endpoint: /listening on (\S+)/.exec(pong.stdout)![1] }
}

describe("pong @process", () => {
  it("answers a ping (node:assert)", async () => {
    const { endpoint } = await startPong()
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 1])
    assert.deepEqual(await req.recv(), [["pong", 1]])
  })

  it("answers a ping (chai, with the zmq-harness plugin)", async () => {
    const { endpoint } = await startPong()
    const req = await socket("req", { connect: endpoint })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 2]])
  })

  it("stops when told, and says so", async () => {
    const { pong, endpoint } = await startPong()
    const req = await socket("req", { connect: endpoint })
    await req.send(["plzdiekthxbye", null])
    assert.equal((await pong.exited).code, 0)
    assert.match(pong.stdout, /stopped/)
  })
})
