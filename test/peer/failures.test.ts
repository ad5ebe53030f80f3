import { expect } from "chai"
import * as sinon from "sinon"
import { peer, socket, UnexpectedMessageError, UnmetExpectationsError, UsageError } from "../../lib"
import { rejection } from "../helpers/rejection"

describe("peer: failures", () => {
  it("is listed, with what it still expects, when a socket of its test times out", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*", name: "backend" })
    backend.on(["ping", sinon.match.number]).reply(["pong", 1])
    const idle = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const err = await rejection(() => idle.recv({ timeout: 50 }))
    expect(err.code).to.equal("ERR_ZMQH_TIMEOUT")
    expect(err.message).to.include(
      `Mock peers of this test:\n  rep peer "backend" (bind ${backend.endpoint}): got 0 message(s), still expects: ` +
        'expected ["ping", <typeOf("number")>] once, never saw it',
    )
    // Met after all, so the test's end does not fail on it.
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["ping", "1"])
    await expect(req).to.receive(["pong", 1])
    await backend.done()
  })

  it("fails a pending wait at once with an unmatched message, the closest expectation and the transcript", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["ping", sinon.match.number]).reply(["pong", 1])
    backend.on(["quit"]).reply(["bye"])
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["ping", '"1"'])
    const started = performance.now()
    const err = await rejection(() => backend.done({ timeout: 5000 }))
    expect(performance.now() - started).to.be.below(2000)
    expect(err).to.be.instanceOf(UnexpectedMessageError)
    expect(err.code).to.equal("ERR_ZMQH_UNEXPECTED_MESSAGE")
    const ep = backend.endpoint.replace(/\./g, "\\.")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: expected a message that an expectation of rep peer \\(bind ${ep}\\) matches, got \\["ping", "1"\\]\\. ` +
          'The closest expectation, \\["ping", <typeOf\\("number"\\)>\\], differs at frame 1 \\(frame 1: expected <typeOf\\("number"\\)>, got "1"\\)\\. ' +
          "Add an expectation with \\.on\\(\\[\\.\\.\\.\\]\\), or call \\.allowUnmatched\\(\\) if such messages may come\\.\\n\\n" +
          `Transcript of rep peer \\(bind ${ep}\\):\\n +\\+[\\d.]+ms  received  \\["ping", "1"\\]$`,
      ),
    )
    // The stack points at the test's line that made the peer.
    expect(err.stack).to.match(/\n\s+at .*failures\.test\.ts/)
    // Every later wait of the test fails with it too (the test was told once: it passes here).
    const again = await rejection(() => req.recv({ timeout: 2000 }))
    expect(again).to.equal(err)
  })

  it("says which expectation matched but was used up", async () => {
    const backend = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    backend.on(["tick"]).times(2)
    const push = await socket("push", { connect: backend.endpoint })
    // Any wait of the test on the harness is failed at once: here, a receive on another socket.
    const idle = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    for (let i = 0; i < 3; i++) await push.sendFrames(["tick"])
    const err = await rejection(() => idle.recv({ timeout: 5000 }))
    expect(err.message).to.include(
      'got ["tick"]. The expectation ["tick"] matches it, but was used up (2 times, saw it 2 time(s)). Raise its .times(n), or make it .persist().',
    )
  })

  it("names the closest expectation by the smallest difference, not the first of equals", async () => {
    // issue 19: one-frame JSON messages differ "in one frame" from every expectation: the first
    // declared was named.
    const backend = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    for (const n of [1, 2, 3]) backend.on([["ping", n]])
    const push = await socket("push", { connect: backend.endpoint })
    const idle = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    await push.send(["pinj", 2])
    const err = await rejection(() => idle.recv({ timeout: 5000 }))
    expect(err.message).to.include(
      'got [["pinj",2]]. The closest expectation, [["ping", 2]], differs at frame 0 (frame 0[0]: expected "ping", got "pinj").',
    )
  })

  for (const [what, sent, mark, note] of [
    ["no expectation matched", ["tock"], "unmatched", "unmatched"],
    [
      "past its expectation's count",
      ["tick"],
      "unexpected",
      "unexpected: its expectation was used up",
    ],
  ] as const) {
    it(`marks, in its lane, a message ${what}`, async () => {
      const backend = await peer("pull", { bind: "tcp://127.0.0.1:*" })
      backend.on(["tick"])
      const push = await socket("push", { connect: backend.endpoint })
      const idle = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      await push.sendFrames(["tick"])
      await push.sendFrames([...sent])
      // The peer fails the test's wait at once; told here, the test goes on.
      expect((await rejection(() => idle.recv({ timeout: 5000 }))).code).to.equal(
        "ERR_ZMQH_UNEXPECTED_MESSAGE",
      )
      expect(
        backend.record().entries.map((e) => [e.frames!.map(String), e.mark, e.note]),
      ).to.deep.equal([
        [["tick"], undefined, undefined],
        [[...sent], mark, note],
      ])
    })
  }

  it("keeps unmatched messages without failing after allowUnmatched()", async () => {
    const backend = await peer("router", { bind: "tcp://127.0.0.1:*" }).then((p) =>
      p.allowUnmatched(),
    )
    backend.on(["hello"]).reply(["hi"])
    const client = await socket("dealer", { connect: backend.endpoint })
    await client.sendFrames(["noise"])
    await client.sendFrames(["hello"])
    await expect(client).to.receive(["hi"], { json: false })
    await backend.done()
    expect(backend.received.map((r) => [r.frames, r.matched])).to.deep.equal([
      [["noise"], false],
      [["hello"], true],
    ])
  })

  it("rejects done() after its timeout, listing the unmet expectations", async () => {
    const backend = await peer("rep", { bind: "tcp://127.0.0.1:*" })
    backend.on(["ping", sinon.match.number]).reply(["pong", 1]).times(2)
    backend.on(["status"]).reply(["ok"]).persist()
    const req = await socket("req", { connect: backend.endpoint })
    await req.sendFrames(["ping", "1"])
    await expect(req).to.receive(["pong", 1])
    const started = performance.now()
    const err = await rejection(() => backend.done({ timeout: 100 }))
    expect(performance.now() - started).to.be.within(95, 2000)
    expect(err).to.be.instanceOf(UnmetExpectationsError)
    expect(err.message.split("\n").slice(0, 4)).to.deep.equal([
      `zmq-harness: expected every expectation of rep peer (bind ${backend.endpoint}) to be met within 100 ms, got 2 unmet:`,
      '  expected ["ping", <typeOf("number")>] 2 times, saw it once',
      '  expected ["status"] at least once (persist), never saw it',
      "Check that the process under test sends them (the transcript below), or give done() more time with { timeout }.",
    ])
    expect(err.stack).to.match(/\n\s+at .*failures\.test\.ts/)
  })

  it("fails the test with a reply function that throws", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    backend.on(["get"]).reply(async () => {
      await Promise.resolve()
      throw new Error("no store")
    })
    const client = await socket("dealer", { connect: backend.endpoint })
    await client.sendFrames(["get"])
    const err = await rejection(() => backend.done({ timeout: 5000 }))
    expect(err.code).to.equal("ERR_ZMQH_PEER_REPLY")
    expect(err.message).to.equal(
      'zmq-harness: expected the reply function of .on(["get"]) to return frames, got an error: no store. Fix the function, or return undefined to send nothing.',
    )
    expect((err as Error & { cause?: Error }).cause?.message).to.equal("no store")
  })

  it("fails the test with a reply function that returns what cannot be sent", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    backend.on(["big"]).reply(() => [{ n: 1n }] as never)
    const client = await socket("dealer", { connect: backend.endpoint })
    await client.sendFrames(["big"])
    const err = await rejection(() => backend.done({ timeout: 5000 }))
    expect(err.code).to.equal("ERR_ZMQH_PEER_REPLY")
    expect(err.message).to.equal(
      'zmq-harness: expected the frames the reply function of .on(["big"]) returned to be frames that can be sent (strings, Buffers, or JSON values), got a BigInt (1n) at frame 0.n. ' +
        "Reply with plain data (a BigInt as a string or number, no functions, no cycles), or with Buffers you encode yourself.",
    )
  })

  it("lets explainUnmatched() write the explanation of an unmatched message (a cassette's nearest request)", async () => {
    const backend = await peer("dealer", { bind: "tcp://127.0.0.1:*" })
    backend.on(["known"]).reply(["ok"])
    const seen: unknown[] = []
    backend.explainUnmatched((request, expectations) => {
      seen.push(request.raw.map(String), request.frames, expectations.length)
      return 'The nearest recorded request is ["known"]. Record again.'
    })
    const client = await socket("dealer", { connect: backend.endpoint })
    const idle = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    await client.sendFrames(["unknown", "7"])
    const err = await rejection(() => idle.recv({ timeout: 5000 }))
    expect(err.message.split("\n")[0]).to.equal(
      `zmq-harness: expected a message that an expectation of dealer peer (bind ${backend.endpoint}) matches, got ["unknown", "7"]. ` +
        'The nearest recorded request is ["known"]. Record again.',
    )
    expect(seen).to.deep.equal([["unknown", "7"], ["unknown", 7], 1])
  })

  it("fails the test when a predicate throws", async () => {
    const backend = await peer("pull", { bind: "tcp://127.0.0.1:*" })
    backend.on(() => {
      throw new Error("boom")
    })
    const push = await socket("push", { connect: backend.endpoint })
    await push.sendFrames(["x"])
    const err = await rejection(() => backend.done({ timeout: 5000 }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      "zmq-harness: expected the predicate of .on() to return true or false, got an error: boom.",
    )
  })
})
