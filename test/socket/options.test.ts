import { expect } from "chai"
import { socket, TimeoutError, UsageError } from "../../lib"
import { rejection } from "../helpers/rejection"

describe("socket options", () => {
  it("resolves a :* tcp port into endpoint", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    expect(rep.endpoint).to.match(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    expect(rep.endpoint).to.not.equal("tcp://127.0.0.1:0")
    expect(rep.bound).to.deep.equal([rep.endpoint])
  })

  it("binds and connects lists, bound endpoints first", async () => {
    const a = await socket("pull", { bind: ["tcp://127.0.0.1:*", "tcp://127.0.0.1:*"] })
    expect(a.bound).to.have.length(2)
    expect(a.bound[0]).to.not.equal(a.bound[1])
    const b = await socket("push", { connect: [...a.bound] })
    expect(b.endpoints).to.deep.equal(a.bound)
    expect(b.name).to.equal(`push socket (connect ${a.bound.join(", ")})`)
  })

  it("sets linger 0 unless given", async () => {
    expect((await socket("req")).raw.linger).to.equal(0)
    expect((await socket("req", { linger: 250 })).raw.linger).to.equal(250)
  })

  it("passes zeromq options through", async () => {
    const dealer = await socket("dealer", { routingId: "me", sendHighWaterMark: 7 })
    expect((dealer.raw as unknown as { routingId: string }).routingId).to.equal("me")
    expect((dealer.raw as unknown as { sendHighWaterMark: number }).sendHighWaterMark).to.equal(7)
  })

  it("rejects an unknown option, suggesting the closest name", async () => {
    // @ts-expect-error -- a typo is a type error too; from JavaScript it is this UsageError
    const err = await rejection(() => socket("req", { lingr: 0 }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal(
      "zmq-harness: expected options of a req socket, got an unknown option `lingr`. Perhaps you meant `linger`? " +
        "zeromq.js options are listed at https://zeromq.github.io/zeromq.js/ (Socket options).",
    )
  })

  it("rejects subscribe on a socket that is not a sub", async () => {
    const err = await rejection(() => socket("xsub", { subscribe: "a" }))
    expect(err.message).to.equal(
      "zmq-harness: expected `subscribe` only on a sub socket, got it on a xsub socket. " +
        "An xsub socket subscribes by sending [1, ...topic] frames with sendFrames().",
    )
  })

  describe("json", () => {
    async function pushPull(json?: number | false) {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", json })
      const push = await socket("push", { connect: pull.endpoint })
      await push.sendFrames(["head", '{"a":1}', "tail"])
      return pull
    }

    it("decodes the frame at the socket's json index", async () => {
      const pull = await pushPull(1)
      expect(await pull.recv()).to.deep.equal([Buffer.from("head"), { a: 1 }, Buffer.from("tail")])
    })

    it("keeps every frame a Buffer with json: false", async () => {
      const pull = await pushPull(false)
      expect(await pull.recv()).to.deep.equal([
        Buffer.from("head"),
        Buffer.from('{"a":1}'),
        Buffer.from("tail"),
      ])
    })

    it("lets one recv choose another frame", async () => {
      const pull = await pushPull()
      expect(await pull.recv({ json: -2 })).to.deep.equal([
        Buffer.from("head"),
        { a: 1 },
        Buffer.from("tail"),
      ])
    })

    it("rejects a json index past the last frame, showing the message", async () => {
      const pull = await pushPull()
      const err = await rejection(() => pull.recv({ json: 5 }))
      expect(err.code).to.equal("ERR_ZMQH_JSON")
      expect(err.message).to.equal(
        `zmq-harness: expected frame 5 of the message on ${pull.name} to be JSON, got a message of 3 frame(s): ` +
          '["head", {"a":1}, "tail"]. Choose another frame with the `json` option, or `json: false`.',
      )
    })

    it("rejects a json option that is not an index or false", async () => {
      const err = await rejection(() => socket("pull", { json: "last" as never }))
      expect(err.message).to.equal(
        "zmq-harness: expected `json` to be a frame index (-1 for the last frame), a list of indexes, " +
          'a function (frame, index, frames) => boolean, or false, got string "last".',
      )
    })
  })

  describe("timeout", () => {
    it("bounds one recv by its own timeout", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
      const started = performance.now()
      const err = await rejection(() => pull.recv({ timeout: 50 }))
      const waited = performance.now() - started
      expect(err).to.be.instanceOf(TimeoutError)
      expect(waited).to.be.within(40, 1000)
      expect((err as TimeoutError).operation).to.equal("receive")
      expect((err as TimeoutError).timeout).to.equal(50)
      expect(err.message).to.equal(
        `zmq-harness: receive timed out: expected a message on ${pull.name}, got nothing after 50 ms. ` +
          "Check that the peer is running and sends to this socket (its output and the transcript below tell), " +
          `or give the wait more time with \`{ timeout }\`.\n\nTranscript of ${pull.name}: nothing sent or received.`,
      )
    })

    it("points the timeout's stack at the test's line that awaited it", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      let stack = ""
      try {
        await pull.recv({ timeout: 10 })
      } catch (err) {
        stack = (err as Error).stack!
      }
      const frames = stack.split("\n").filter((line) => /^\s+at /.test(line))
      expect(frames[0]).to.match(
        /^\s+at async Context\.<anonymous> \(.*options\.test\.ts:\d+:\d+\)$/,
      )
      expect(stack).to.not.include("test-socket.ts")
    })

    it("points a send's stack at the test's line that awaited it", async () => {
      const push = await socket("push", { connect: "tcp://127.0.0.1:47199", immediate: true })
      let stack = ""
      try {
        // immediate: nothing queues for a connection not made, so the send times out.
        await push.sendFrames(["x"], { timeout: 10 })
      } catch (err) {
        stack = (err as Error).stack!
      }
      const frames = stack.split("\n").filter((line) => /^\s+at /.test(line))
      expect(stack).to.match(/^TimeoutError: zmq-harness: send timed out/)
      expect(frames[0]).to.match(
        /^\s+at async Context\.<anonymous> \(.*options\.test\.ts:\d+:\d+\)$/,
      )
    })

    it("bounds every receive by the socket's timeout", async () => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 30 })
      const err = await rejection(() => pull.recv())
      expect((err as TimeoutError).timeout).to.equal(30)
    })

    it("bounds a send that no peer takes, naming the operation", async () => {
      // immediate: queue nothing for a connection not yet made, so the send must wait for a peer.
      const dealer = await socket("dealer", {
        connect: "tcp://127.0.0.1:47199",
        timeout: 40,
        immediate: true,
      })
      const err = await rejection(() => dealer.sendFrames(["x"], { timeout: 20 }))
      expect(err).to.be.instanceOf(TimeoutError)
      expect(err.message).to.match(
        /^zmq-harness: send timed out: expected a peer ready to take the message on dealer socket \(connect tcp:\/\/127\.0\.0\.1:47199\), got none ready after 20 ms\./,
      )
      expect(err.message).to.include("Connections:\n  tcp://127.0.0.1:47199: no live connection")
    })

    it("rejects a negative timeout", async () => {
      const err = await rejection(() => socket("req", { timeout: -1 }))
      expect(err.message).to.equal(
        "zmq-harness: expected `socket({ timeout })` to be a number of milliseconds from 0 to 2147483647, " +
          "got -1: a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
      )
    })
  })
})
