const path = require("node:path")
const { expect, test } = require("@jest/globals")
const { socket, startModule } = require("zmq-harness")

// The pingpong example's pong process under Jest: the harness stops it and closes the socket
// after each test (after your own afterEach hooks), so each test starts its own.
async function startPong() {
  const pong = await startModule(path.join(__dirname, "../pingpong/src/pong.ts"), [], {
    ready: /listening on/,
    stop: { signal: "SIGINT" },
  })
  const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
  const req = await socket("req", { connect: endpoint, name: "ping client" })
  return { pong, req }
}

test("answers a ping with a pong", async () => {
  const { req } = await startPong()
  await req.send(["ping", 1])
  await expect(req).toReceive([["pong", 1]])
})

test("exits 0 on the stop message", async () => {
  const { pong, req } = await startPong()
  await req.send(["plzdiekthxbye", null])
  await expect(pong).toExit(0)
})
