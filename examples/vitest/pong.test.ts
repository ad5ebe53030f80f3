import * as path from "node:path"
import { expect, test } from "vitest"
import { socket, startModule } from "zmq-harness"

// The pingpong example's pong process under Vitest: the harness stops it and closes the socket
// after each test, so each test starts its own.
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
  await expect(req).to.receive([["pong", 1]])
})

test("answers the next ping too", async () => {
  const { req } = await startPong()
  await req.send(["ping", 2])
  await expect(req).to.receive([["pong", 2]])
})
