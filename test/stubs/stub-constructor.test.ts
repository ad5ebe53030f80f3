import { expect } from "chai"
import { socket, stubConstructor, TimeoutError, UsageError } from "../../lib"
import { A } from "../fixtures/stubs/inproc-a"
import * as b from "../fixtures/stubs/inproc-b"

const RealB = b.B

describe("stubConstructor @process", () => {
  it("replaces a class in the test's process and hands the test its port", async () => {
    const B = stubConstructor(b, "B")
    const a = new A()
    try {
      await a.start()
      const [port] = await B.constructed()
      const peer = await socket("pair", { connect: `tcp://127.0.0.1:${port}` })
      await peer.send(["hello"])
      const serving = a.serveOne()
      await expect(peer).to.receive([["welcome", "hello"]])
      await serving
    } finally {
      a.close()
    }
    expect(B.calls().map((c) => c.method)).to.deep.equal(["new", "start", "stop"])
    expect(B.fake.calledWithNew()).to.equal(true)
  })

  it("puts the real export back when the test ends", () => {
    expect(b.B).to.equal(RealB)
  })

  it("puts it back at once with restore()", () => {
    const B = stubConstructor(b, "B")
    expect(b.B).to.not.equal(RealB)
    B.restore()
    expect(b.B).to.equal(RealB)
  })

  it("queues constructions made before constructed() is called", async () => {
    const B = stubConstructor(b, "B", { returns: { start: "fake start" } })
    const first = new b.B(1)
    new b.B(2)
    expect(first.start()).to.equal("fake start")
    expect(await B.constructed()).to.deep.equal([1])
    expect(await B.constructed()).to.deep.equal([2])
    expect(B.calls().map((c) => [c.method, c.instance])).to.deep.equal([
      ["new", 1],
      ["new", 2],
      ["start", 1],
    ])
  })

  it("says what the module exports when the export is not there", () => {
    expect(() => stubConstructor(b, "C")).to.throw(
      UsageError,
      "zmq-harness: expected the module object to export C, got a module that exports: B, VERSION. " +
        'Name one of its exports in the stub (use "default" for a default export or for module.exports itself).',
    )
  })

  it("rejects something that is not a module object", () => {
    expect(() => stubConstructor(undefined as unknown as object, "B")).to.throw(
      UsageError,
      'zmq-harness: expected a module object for stubConstructor (import * as b from "./b"), got undefined.',
    )
  })

  it("says an ES module namespace cannot be changed", async () => {
    const esm = (await import("../fixtures/stubs/b.mjs" as string)) as object
    expect(() => stubConstructor(esm, "B")).to.throw(
      UsageError,
      /An ES module namespace cannot be changed/,
    )
  })

  it("times out naming the stub when nothing constructs it", async () => {
    const B = stubConstructor(b, "B")
    const err = await B.constructed({ timeout: 50 }).then(
      () => expect.fail("constructed() resolved"),
      (e: unknown) => e as TimeoutError,
    )
    expect(err).to.be.instanceOf(TimeoutError)
    expect(err.message).to.equal(
      "zmq-harness: expected stub B (stubConstructor) to be constructed by the test's own process, " +
        "got no construction after 50 ms (B was never constructed). " +
        "Check that the code under test reaches the construction, or give it more time with { timeout }.",
    )
    expect(err.stack).to.include("stub-constructor.test.ts")
  })
})
