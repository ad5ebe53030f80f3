// docs/child-stubs.md of v0.1.0: its two tests, as printed, against an
// application shaped as the page describes it (src/a.ts binds
// tcp://127.0.0.1:* and constructs B from src/b.ts with the port).
import { expect } from "chai"
import { socket, startModule } from "zmq-harness"

describe("A @process", () => {
  it("welcomes its worker", async () => {
    const a = await startModule("src/a.ts", [], { stubs: [{ module: "./b", export: "B" }] })
    const [port] = await a.stub("./b", "B").constructed() // the arguments of `new B(port)`
    const worker = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
    await worker.send(["hello"])
    await expect(worker).to.receive([["welcome", null]])
  })
})

import * as b from "../src/b"
import { A } from "../src/a"
import { stubConstructor } from "zmq-harness"

it("hands B the port it bound", async () => {
  const B = stubConstructor(b, "B", { returns: { start: true } })
  const a = new A()
  await a.start() // binds tcp://127.0.0.1:* and does `new b.B(port)`
  const [port] = await B.constructed()
  const worker = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
  // …
  a.close()
}) // b.B is the real class again
