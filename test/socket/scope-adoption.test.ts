import { expect } from "chai"
import { socket, SocketClosedError } from "../../lib"
import { enterRunnable, scopeOfTest, type MochaRunnable } from "../../lib/runners/mocha/current"
import { rejection } from "../helpers/rejection"

/** A stand-in for a Mocha test, enough for the harness to give it a scope. */
const fakeTest = (title: string): MochaRunnable => ({ type: "test", title, fullTitle: () => title })

describe("the scope a socket belongs to", () => {
  it("is the one of the test that called socket(), even when another runs by the time it is made", async function () {
    const me = this.test as unknown as MochaRunnable
    const first = fakeTest("first")
    const second = fakeTest("second")
    try {
      enterRunnable(first)
      const making = socket("rep", { bind: "tcp://127.0.0.1:*" })
      enterRunnable(second) // Mocha moved on during the bind (its timeout ended "first")
      const sock = await making
      expect(scopeOfTest(first).list("socket")).to.deep.equal([sock])
      expect(scopeOfTest(second).list("socket")).to.deep.equal([])
      await scopeOfTest(first).close()
      expect(sock.closed).to.equal(true)
    } finally {
      enterRunnable(me)
    }
  })

  it("closes the socket and rejects when that test has ended meanwhile", async function () {
    const me = this.test as unknown as MochaRunnable
    const ended = fakeTest("ended")
    try {
      enterRunnable(ended)
      const making = socket("rep", { bind: "tcp://127.0.0.1:*" })
      enterRunnable(me)
      const closing = scopeOfTest(ended).close() // the test's end closes its scope mid-bind
      const err = await rejection(() => making)
      await closing
      expect(err).to.be.instanceOf(SocketClosedError)
      expect(err.code).to.equal("ERR_ZMQH_SOCKET_CLOSED")
      expect(err.message).to.match(
        /^zmq-harness: expected the test that called socket\(\) to still run when the socket was made, got "ended" ended meanwhile/,
      )
      expect(err.stack!.split("\n").find((l) => /^\s+at /.test(l))).to.include(
        "scope-adoption.test.ts",
      )
    } finally {
      enterRunnable(me)
    }
  })
})
