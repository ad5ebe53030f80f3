import { expect } from "chai"
import {
  peer,
  PeerReplyError,
  SocketClosedError,
  SocketStateError,
  SocketTypeError,
  UsageError,
  type ReplyFrame,
} from "../../lib"
import { rejection } from "../helpers/rejection"

describe("peer: bad input", () => {
  it("refuses fixed reply frames that cannot be sent, naming where, when .reply() is called", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    const cases: [ReplyFrame[], string][] = [
      [[{ n: 10n } as never], "a BigInt (10n) at frame 0.n"],
      [["ok", cyclic], "a cycle at frame 1.self"],
      [["ok", { call: () => 1 } as never], "a function (call) at frame 1.call"],
      [[undefined as never], "undefined at frame 0"],
    ]
    for (const [frames, where] of cases) {
      const call = () => backend.on(["get"]).reply(frames)
      expect(call).to.throw(PeerReplyError, where)
      try {
        call()
      } catch (err) {
        expect((err as PeerReplyError).code).to.equal("ERR_ZMQH_PEER_REPLY")
        expect((err as Error).message).to.equal(
          `zmq-harness: expected the reply of .on(["get"]) to be frames that can be sent (strings, Buffers, or JSON values), got ${where}. ` +
            "Reply with plain data (a BigInt as a string or number, no functions, no cycles), or with Buffers you encode yourself.",
        )
        expect((err as Error).stack).to.match(/\n\s+at .*bad-input\.test\.ts/)
      }
    }
    expect(() => backend.on(["get"]).reply("pong" as never)).to.throw(
      PeerReplyError,
      'expected the reply of .on(["get"]) to be a list of frames, e.g. ["pong", 1], got string "pong".',
    )
  })

  it("refuses an empty list of frames in reply(), send() and publish(): zeromq would send nothing", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    expect(() => backend.on(["get"]).reply([])).to.throw(
      PeerReplyError,
      'zmq-harness: expected the reply of .on(["get"]) to hold at least one frame, got an empty list: ' +
        "a ZeroMQ message has at least one frame, and zeromq would send nothing at all. " +
        'Give the frames to send ("" is one empty frame); to send nothing, use .noReply() (or return undefined from a reply function).',
    )
    const push = await peer("push", { bind: "tcp://127.0.0.1:*" })
    const sent = await rejection(() => push.send([]))
    expect(sent).to.be.instanceOf(PeerReplyError)
    expect(sent.message).to.equal(
      "zmq-harness: expected the frames of send() to hold at least one frame, got an empty list: " +
        "a ZeroMQ message has at least one frame, and zeromq would send nothing at all. " +
        'Give the frames to send ("" is one empty frame).',
    )
    expect(sent.stack).to.match(/\n\s+at .*bad-input\.test\.ts/)
    const published = await rejection(() => push.publish([], { count: 2 }))
    expect(published.message).to.include(
      "expected the frames of publish() to hold at least one frame, got an empty list",
    )
  })

  it("refuses bad times() and delay() values with a UsageError naming the call", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    for (const n of [0, -1, 1.5, "2", NaN, Infinity]) {
      expect(() => backend.on(["x"]).times(n as number)).to.throw(
        UsageError,
        "expected `.times(n)` to be a whole number of 1 or more, got ",
      )
    }
    for (const [ms, why] of [
      [-1, "a negative duration (zeromq would read -1 as forever)"],
      [NaN, "not a number"],
      [Infinity, "no wait may be unbounded"],
      ["100", "not a number"],
    ] as const) {
      expect(() => backend.on(["x"]).delay(ms as number)).to.throw(
        UsageError,
        `expected \`.delay(ms)\` to be a number of milliseconds from 0 to 2147483647, got ${typeof ms === "string" ? '"100" (a string)' : String(ms)}: ${why}.`,
      )
    }
    // An expectation whose set-up threw is dropped: none is left to wait for.
    expect(backend.expectations).to.deep.equal([])
    const err = await rejection(() => backend.done({ timeout: -5 }))
    expect(err.message).to.include("expected `done({ timeout })` to be a number of milliseconds")
    const late = await rejection(() => backend.publish(["x"], { every: -1, count: 2 }))
    expect(late.message).to.include("expected `publish(frames, { every })` to be a number")
    const count = await rejection(() => backend.publish(["x"], { count: 0 }))
    expect(count.message).to.equal(
      "zmq-harness: expected `publish(frames, { count })` to be a whole number of 1 or more, got number 0.",
    )
  })

  it("refuses an unknown socket type, suggesting the closest", async () => {
    const err = await rejection(() => peer("rouetr" as never, { bind: "tcp://127.0.0.1:*" }))
    expect(err).to.be.instanceOf(SocketTypeError)
    expect(err.message).to.equal(
      'zmq-harness: expected a socket type, one of pair, pub, sub, xpub, xsub, req, rep, dealer, router, push, pull, got string "rouetr". Perhaps you meant "router"?',
    )
    expect(err.stack).to.match(/\n\s+at .*bad-input\.test\.ts/)
  })

  it("refuses publish() and send() on a type that cannot send on its own, and on()/reply() where they cannot work", async () => {
    const rep = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    const err = await rejection(() => rep.publish(["x"], { every: 10, count: 2 }))
    expect(err).to.be.instanceOf(SocketStateError)
    expect(err.message).to.equal(
      `zmq-harness: expected a peer that can send on its own for publish (pub, xpub, push, pair, dealer), got rep peer (bind ${rep.endpoint}): ` +
        "a rep socket sends only to answer a request: use .on([...]).reply([...]).",
    )
    const sub = await peer("sub", { connect: "tcp://127.0.0.1:1" })
    expect((await rejection(() => sub.send(["x"]))).message).to.include(
      "a sub socket cannot send; use a pub peer.",
    )
    expect(() => sub.on(["x"]).reply(["y"])).to.throw(
      SocketStateError,
      "expected a peer that can send for .reply(), got sub peer (connect tcp://127.0.0.1:1): a sub socket cannot answer: .on([...]) only counts what comes.",
    )
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    expect(() => pub.on(["x"])).to.throw(
      SocketStateError,
      "a pub socket receives only subscriptions: wait for one with subscribed(topic).",
    )
    expect(() => rep.on("ping" as never)).to.throw(
      UsageError,
      'expected .on() to get a list of frames, e.g. ["ping", sinon.match.number], or a predicate (frames, request) => boolean, got string "ping".',
    )
    expect((await rejection(() => rep.subscribed("x"))).message).to.include(
      "expected a pub or xpub peer for subscribed()",
    )
  })

  it("checks every duration of the peer API as the rest of the toolkit does", async () => {
    const bad: unknown[] = [-1, NaN, Infinity, 1e12, "100", null]
    const dealer = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    const calls: [string, (ms: never) => Promise<unknown> | unknown][] = [
      ["done({ timeout })", (ms) => dealer.done({ timeout: ms })],
      ["subscribed(topic, { timeout })", (ms) => pub.subscribed("x", { timeout: ms })],
      ["send(frames, { delay })", (ms) => dealer.send(["x"], { delay: ms })],
      ["send(frames, { timeout })", (ms) => dealer.send(["x"], { timeout: ms })],
      ["publish(frames, { every })", (ms) => pub.publish(["x"], { every: ms, count: 2 })],
      [".delay(ms)", (ms) => dealer.on(["x"]).delay(ms)],
    ]
    for (const [option, call] of calls) {
      for (const value of bad) {
        const err = await rejection(async () => call(value as never))
        expect(err, `${option} with ${String(value)}`).to.be.instanceOf(UsageError)
        expect(err.message).to.include(`expected \`${option}\` to be a number of milliseconds`)
      }
    }
  })

  // issue 20: calls that were accepted, or said "got number null", fail at the call.
  it("refuses a peer with neither bind nor connect, which could never see a message", async () => {
    for (const options of [undefined, {}, { bind: [] }]) {
      const err = await rejection(() => peer("rep", options as never))
      expect(err).to.be.instanceOf(UsageError)
      expect(err.message).to.equal(
        'zmq-harness: expected peer("rep") to get `bind` (the process under test connects to it) or `connect` (the process binds), ' +
          'got neither: a peer with no endpoint never sees a message. E.g. peer("rep", { bind: "tcp://127.0.0.1:*" }).',
      )
      expect(err.stack).to.match(/\n\s+at .*bad-input\.test\.ts/)
    }
  })

  it("refuses .on() on a closed peer", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    await backend.close()
    expect(() => backend.on(["ping"])).to.throw(
      SocketClosedError,
      `expected an open peer for .on(), got rep peer (bind ${backend.endpoint}) closed: it would never see a message.`,
    )
  })

  it("refuses a second answer, count or delay on one expectation, and drops it", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    const cases: [string, () => unknown, string][] = [
      [
        "two replies",
        () => backend.on(["ping"]).reply(["pong"]).reply(["PONG"]),
        'expected one .reply() or .noReply() per expectation, got .reply([...]) after .reply([...]) on .on(["ping"]). ' +
          "To answer differently from one message to the next, reply with a function; for another message, add another .on().",
      ],
      [
        "noReply after reply",
        () =>
          backend
            .on(["ping"])
            .reply(() => ["pong"])
            .noReply(),
        "got .noReply() after .reply(fn)",
      ],
      [
        "times then persist",
        () => backend.on(["ping"]).times(2).persist(),
        "expected one .times(n) or .persist() per expectation, got .persist() after .times(2)",
      ],
      [
        "two delays",
        () => backend.on(["ping"]).delay(10).delay(20),
        'expected one .delay(ms) per expectation, got .delay(20) after .delay(10) on .on(["ping"]). Keep the one you mean.',
      ],
    ]
    for (const [what, call, text] of cases) {
      expect(call, what).to.throw(UsageError, text)
    }
    expect(backend.expectations).to.deep.equal([])
  })

  it('says what times(Infinity) and times(NaN) got, not "number null"', async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    expect(() => backend.on(["x"]).times(Infinity)).to.throw(
      UsageError,
      "expected `.times(n)` to be a whole number of 1 or more, got number Infinity. Use .persist() for any number of times.",
    )
    expect(() => backend.on(["x"]).times(NaN)).to.throw(UsageError, "got number NaN.")
    const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
    expect((await rejection(() => pub.publish(["x"], { count: Infinity }))).message).to.equal(
      "zmq-harness: expected `publish(frames, { count })` to be a whole number of 1 or more, got number Infinity.",
    )
    expect((await rejection(() => pub.subscribed(7 as never))).message).to.include(
      "expected the topic of subscribed(topic) to be a string or a Buffer (the start of the messages wanted), got number 7.",
    )
  })
})
