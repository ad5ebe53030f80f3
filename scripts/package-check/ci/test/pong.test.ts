// The suite the package check runs docs/ci.md's recipes on: one process test
// that passes and one that fails (its reply never matches), so that a recipe
// leaves the artifacts of exactly one failed test.
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

describe("pong server @process", () => {
  it("answers a ping", async () => {
    const pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint! })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
  })

  it("answers a second ping", async () => {
    const pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint!, timeout: 300 })
    await req.send(["ping", 2])
    await expect(req).to.receive([["pong", 3]]) // fails: the recipes must keep its report
  })
})
