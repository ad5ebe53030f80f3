import { expect } from "chai"
import { JsonDecodeError, socket, startProcess } from "../../lib"
import { fixture, portOf, tearDownAndCheck, timed } from "./support"

const MB = 1024 * 1024

describe("faults on the wire", function () {
  this.timeout(15000)

  it("a 16 MB message crosses intact, and its transcript line stays short", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const push = await socket("push", { connect: pull.endpoint, timeout: 5000 })
    const big = Buffer.alloc(16 * MB)
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251
    const { ms } = await timed(push.sendFrames(["blob", big]))
    expect(ms).to.be.below(5000)
    const [name, body] = (await pull.recv({ json: false })) as Buffer[]
    expect(name.toString()).to.equal("blob")
    expect(body.length).to.equal(16 * MB)
    expect(body.equals(big)).to.equal(true)
    const line = pull.renderTranscript().split("\n")[1]
    expect(line).to.match(/received {2}\["blob", <16777216 bytes: 00 00 00 00 .* …>\]$/)
    expect(line.length).to.be.below(200)
    await tearDownAndCheck({ ports: [portOf(pull.endpoint)] })
  })

  it("a 16 MB JSON body matches with receive()", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const push = await socket("push", { connect: pull.endpoint, timeout: 5000 })
    const text = "x".repeat(16 * MB)
    await push.send(["text", text])
    await expect(pull).to.receive([["text", text]])
    expect(pull.renderTranscript()).to.include(`… (${16 * MB + 11} bytes)`)
  })

  it("a burst of 10,000 messages arrives complete and in order; the transcript keeps the newest 1000", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const push = await socket("push", { connect: pull.endpoint, timeout: 5000 })
    const count = 10000
    const started = performance.now()
    const sending = (async () => {
      for (let i = 0; i < count; i++) await push.send(["n", i])
    })()
    for (let i = 0; i < count; i++) {
      const [body] = await pull.recv()
      if ((body as [string, number])[1] !== i) expect(body).to.deep.equal(["n", i])
    }
    await sending
    expect(performance.now() - started).to.be.below(10000)
    const transcript = pull.transcript
    expect(transcript.length).to.equal(1000)
    expect(transcript.dropped).to.equal(9000)
    expect(transcript[0].frames[0].toString()).to.equal('["n",9000]')
    expect(pull.renderTranscript()).to.match(
      /^Transcript of pull socket .*\(last 20 of 10000 messages\):/,
    )
    await expect(pull).to.receiveNothing({ timeout: 50 })
    await tearDownAndCheck({ ports: [portOf(pull.endpoint)] })
  })

  describe("binary, empty and non-UTF-8 frames", () => {
    const empty = Buffer.alloc(0)
    const binary = Buffer.from([0x00, 0x01, 0x7f, 0xff])
    const latin1 = Buffer.from("café", "latin1") // 63 61 66 e9: not UTF-8

    async function pair() {
      const a = await socket("pair", { bind: "tcp://127.0.0.1:*", json: false })
      const b = await socket("pair", { connect: a.endpoint, json: false })
      return { a, b }
    }

    it("cross byte for byte and match Buffers in receive()", async () => {
      const { a, b } = await pair()
      await b.sendFrames([empty, binary, latin1, "text"])
      await expect(a).to.receive([empty, binary, latin1, "text"])
    })

    it('render as "" and hex in the transcript', async () => {
      const { a, b } = await pair()
      await b.sendFrames([empty, binary, latin1])
      await a.recv()
      expect(a.renderTranscript()).to.match(
        /received {2}\["", <4 bytes: 00 01 7f ff>, <4 bytes: 63 61 66 e9>\]$/,
      )
    })

    it("a mismatch shows them in the failure", async () => {
      const { a, b } = await pair()
      await b.sendFrames([empty, latin1])
      const { error } = await timed(expect(a).to.receive([empty, Buffer.from("café", "utf8")]))
      expect(error?.name).to.equal("AssertionError")
      expect(error!.message).to.include(
        `zmq-harness: the message on ${a.name} is not the one expected (frame 1 differs): `,
      )
      expect(error!.message).to.include('got ["", <4 bytes: 63 61 66 e9>]')
    })

    it("a non-UTF-8 frame where JSON is asked for fails with JsonDecodeError", async () => {
      const { a, b } = await pair()
      await b.sendFrames([latin1])
      const { error } = await timed(a.recv({ json: -1 }))
      expect(error).to.be.instanceOf(JsonDecodeError)
      expect((error as JsonDecodeError).frame.equals(latin1)).to.equal(true)
      expect(error!.message).to.include("got <4 bytes: 63 61 66 e9>")
    })
  })

  it("a peer that sends malformed JSON: JsonDecodeError showing the frame, and the peer is stopped", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 3000 })
    const proc = await startProcess(
      process.execPath,
      [fixture("bad-json.js"), "--connect", pull.endpoint],
      { ready: /sent/ },
    )
    const { error } = await timed(pull.recv())
    expect(error, error?.message).to.be.instanceOf(JsonDecodeError)
    expect((error as JsonDecodeError).code).to.equal("ERR_ZMQH_JSON")
    expect(error!.message).to.equal(
      `zmq-harness: expected frame 0 of the message on ${pull.name} to be JSON, got "{\\"reading\\": [1, 2". ` +
        "Receive it with `{ json: false }` to get the raw frames, or choose the JSON frame with `json: <index>`.",
    )
    expect(error!.stack).to.include("message-faults.test.ts")
    expect((error as JsonDecodeError).frame.toString()).to.equal('{"reading": [1, 2')
    await tearDownAndCheck({ pids: [proc.pid], ports: [portOf(pull.endpoint)] })
  })

  it("receive() on malformed JSON: JsonDecodeError with its stack at the test's line (it pointed into lib/chai)", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 3000 })
    const push = await socket("push", { connect: pull.endpoint })
    await push.sendFrames(['{"reading": [1, 2'])
    const { error } = await timed(expect(pull).to.receive([{ reading: [1, 2] }]))
    expect(error).to.be.instanceOf(JsonDecodeError)
    expect((error as JsonDecodeError).code).to.equal("ERR_ZMQH_JSON")
    expect(error!.stack).to.include("message-faults.test.ts")
  })
})
