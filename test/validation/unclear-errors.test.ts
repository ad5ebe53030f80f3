import { expect } from "chai"
import * as os from "node:os"
import * as path from "node:path"
import { EndpointError, SocketTypeError, socket, UsageError, type SocketType } from "../../lib"
import { MAX_IPC_PATH } from "../../lib/socket/endpoint"
import { rejection } from "../helpers/rejection"

describe("unclear errors made clear", () => {
  describe("socket types that are names of Object.prototype", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      it(`refuses socket("${name}") with a SocketTypeError`, async () => {
        const err = await rejection(() => socket(name as SocketType))
        expect(err).to.be.instanceOf(SocketTypeError)
        expect(err.code).to.equal("ERR_ZMQH_SOCKET_TYPE")
        expect(err.message).to.match(
          new RegExp(
            `^zmq-harness: expected a socket type, one of pair, pub, sub, xpub, xsub, req, rep, dealer, router, push, pull, got string "${name}"\\.`,
          ),
        )
      })
    }

    it("refuses an option named after Object.prototype", async () => {
      const err = await rejection(() => socket("req", { constructor: 1 } as never))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.message).to.match(
        /^zmq-harness: expected options of a req socket, got an unknown option `constructor`\./,
      )
    })
  })

  describe("bodies JSON cannot encode", () => {
    it("names the path of a cycle", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const push = await socket("push", { connect: pull.endpoint })
      const body: Record<string, unknown> = { user: { name: "ann" } }
      ;(body.user as Record<string, unknown>).self = body
      const err = await rejection(() => push.send(body))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
      expect(err.message).to.equal(
        "zmq-harness: expected a body that JSON can encode, got a cycle at body.user.self (it refers back to body). " +
          "Send plain data (convert a BigInt to a string or number, break the cycle), or frames as they are with sendFrames().",
      )
      expect((err as Error).cause).to.be.instanceOf(TypeError)
    })

    it("names the path of a BigInt", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const push = await socket("push", { connect: pull.endpoint })
      const err = await rejection(() => push.send([], { ids: [1, 2n ** 70n], "odd key": 1 }))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.message).to.equal(
        "zmq-harness: expected a body that JSON can encode, got a BigInt (1180591620717411303424n) at body.ids[1]. " +
          "Send plain data (convert a BigInt to a string or number, break the cycle), or frames as they are with sendFrames().",
      )
    })
  })

  describe("bodies JSON would silently change (issue 20)", () => {
    const cases: [string, unknown, string][] = [
      ["NaN in a list", ["n", NaN], "NaN at body[1] (JSON would send null)"],
      ["Infinity in an object", { rate: Infinity }, "Infinity at body.rate (JSON would send null)"],
      ["a Symbol in a list", [Symbol("s")], "a Symbol at body[0] (JSON would send null)"],
      [
        "a Symbol as a value",
        { a: 1, kind: Symbol("s") },
        "a Symbol at body.kind (JSON would drop it)",
      ],
      ["a Map", { index: new Map([["a", 1]]) }, "a Map at body.index (JSON would send {})"],
      ["a Set", [new Set([1])], "a Set at body[0] (JSON would send {})"],
      ["undefined in a list", [1, undefined], "undefined at body[1] (JSON would send null)"],
      ["NaN alone", NaN, "NaN at body (JSON would send null)"],
    ]
    for (const [what, body, named] of cases) {
      it(`refuses ${what} at the call, naming the path`, async () => {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        const push = await socket("push", { connect: pull.endpoint })
        const err = await rejection(() => push.send(body))
        expect(err).to.be.instanceOf(UsageError)
        expect(err.message).to.equal(
          `zmq-harness: expected a body that JSON carries as it is, got ${named}. ` +
            "Send plain data: null, a number or a string for NaN and Infinity, Object.fromEntries(map) " +
            "for a Map, [...set] for a Set; or frames as they are with sendFrames().",
        )
        await expect(pull).to.receiveNothing({ timeout: 20 })
      })
    }

    it("still sends what JSON carries as it is: keys left undefined are dropped, a Date is its text", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const push = await socket("push", { connect: pull.endpoint })
      const when = new Date(0)
      await push.send({ id: 1, extra: undefined, when, none: null, empty: {} })
      await expect(pull).to.receive([
        { id: 1, when: "1970-01-01T00:00:00.000Z", none: null, empty: {} },
      ])
    })
  })

  describe("expected messages that can never match a JSON frame (issue 20)", () => {
    const cases: [string, unknown[], string][] = [
      ["a BigInt", [{ n: 1n }], "a BigInt (1n) at expected[0].n"],
      ["NaN", [[NaN]], "NaN at expected[0][0] (JSON would send null)"],
      ["a Map", [new Map()], "a Map at expected[0] (JSON would send {})"],
    ]
    for (const [what, expected, named] of cases) {
      it(`refuses ${what} in receive() at the call, before waiting`, async () => {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        const started = performance.now()
        const err = await rejection(() => expect(pull).to.receive(expected, { timeout: 5000 }))
        expect(performance.now() - started).to.be.below(1000)
        expect(err).to.be.instanceOf(UsageError)
        expect(err.message).to.equal(
          `zmq-harness: expected receive() to get a message a JSON frame can match, got ${named}. ` +
            "A decoded JSON frame holds only null, booleans, finite numbers, strings, lists and plain objects: " +
            "expect one of those, or loosen the frame with sinon.match.",
        )
      })
    }

    it("refuses a cycle in receive() with its path", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      const err = await rejection(() => expect(pull).to.receive([cyclic]))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.message).to.include(
        "got a cycle at expected[0].self (it refers back to expected[0])",
      )
    })
  })

  describe("endpoints zeromq would refuse with a bind that times out", () => {
    it("refuses an ipc path past the OS limit, naming the limit", async () => {
      const long = path.join(os.tmpdir(), "x".repeat(MAX_IPC_PATH))
      const started = performance.now()
      const err = await rejection(() => socket("pull", { bind: `ipc://${long}` }))
      expect(err).to.be.instanceOf(EndpointError)
      expect(err.code).to.equal("ERR_ZMQH_ENDPOINT")
      expect(err.message).to.equal(
        `zmq-harness: expected an ipc path of at most ${MAX_IPC_PATH} bytes in \`bind\` (the ${process.platform} limit of a ` +
          `Unix socket address), got ${Buffer.byteLength(long)} bytes: "ipc://${long}". Use a shorter path, e.g. under os.tmpdir() ` +
          'or relative to the working folder, or "ipc://*" for one the system picks.',
      )
      expect(performance.now() - started).to.be.below(500)
    })

    it("binds an ipc path of exactly the limit", async () => {
      const dir = os.tmpdir()
      const name = "z".repeat(MAX_IPC_PATH - dir.length - 1 - `${process.pid}`.length) + process.pid
      const pull = await socket("pull", { bind: `ipc://${path.join(dir, name)}` })
      expect(Buffer.byteLength(pull.endpoint.slice("ipc://".length))).to.equal(MAX_IPC_PATH)
    })

    for (const [endpoint, kind, host] of [
      ["tcp://300.1.2.3:5555", "IPv4 address", "300.1.2.3"],
      ["tcp://127.0.0:*", "IPv4 address", "127.0.0"],
      ["tcp://[1::2::3]:*", "IPv6 address", "[1::2::3]"],
      ["tcp://10.0.0.999;127.0.0.1:5555", "IPv4 address", "10.0.0.999"],
    ]) {
      it(`refuses the invalid ${kind} of ${endpoint}`, async () => {
        const err = await rejection(() => socket("pull", { bind: endpoint }))
        expect(err).to.be.instanceOf(EndpointError)
        expect(err.message).to.equal(
          `zmq-harness: expected a valid ${kind} in \`bind\`, got "${host}" in "${endpoint}". ` +
            "Check the address (e.g. 127.0.0.1, or [::1] for IPv6), or give a host name.",
        )
      })
    }

    it("still takes host names, * and valid literals", async () => {
      const a = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const b = await socket("push", { connect: a.endpoint.replace("127.0.0.1", "localhost") })
      const c = await socket("pull", { bind: "tcp://*:*" })
      expect([a, b, c].every((s) => s.endpoint !== undefined)).to.equal(true)
    })
  })
})

describe("zeromq options that are not options", () => {
  it("refuses a method name as an option, and still takes a context", async () => {
    const err = await rejection(() => socket("req", { close: 1 } as never))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.match(
      /^zmq-harness: expected options of a req socket, got an unknown option `close`\./,
    )
    const { Context } = await import("zeromq")
    const context = new Context()
    const req = await socket("req", { context, connect: "tcp://127.0.0.1:5555" })
    expect((req.raw as unknown as { context: unknown }).context).to.equal(context)
  })
})
