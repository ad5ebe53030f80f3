import { expect } from "chai"
import {
  configure,
  processTest,
  recv,
  socket,
  startModule,
  UsageError,
  type TestSocket,
} from "../../lib"
import { rejection } from "../helpers/rejection"

/** Values no duration may be: forever (-1), not a number, unbounded, past 32 bits, text, nothing. */
const BAD: Array<[string, unknown]> = [
  ["-1", -1],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["1e12", 1e12],
  ['"100"', "100"],
  ["null", null],
]

/** Asserts a UsageError with the invalid-argument code whose message names `option`. */
function expectInvalid(err: Error & { code?: string }, option: string): void {
  expect(err).to.be.instanceOf(UsageError)
  expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
  expect(err.message).to.match(
    new RegExp(
      `^zmq-harness: expected \`${option.replace(/[(){}]/g, "\\$&")}\` to be a number of milliseconds from \\d+ to 2147483647, got `,
    ),
  )
}

async function pushPull(): Promise<{ push: TestSocket; pull: TestSocket }> {
  const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const push = await socket("push", { connect: pull.endpoint })
  return { push, pull }
}

describe("durations", () => {
  for (const [label, value] of BAD) {
    describe(`a duration of ${label}`, () => {
      it("is refused by socket({ timeout })", async () => {
        expectInvalid(
          await rejection(() => socket("pull", { timeout: value as number })),
          "socket({ timeout })",
        )
      })

      it("is refused by receive(expected, { timeout })", async () => {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        expectInvalid(
          await rejection(() => expect(pull).to.receive([], { timeout: value as number })),
          "receive({ timeout })",
        )
      })

      it("is refused by receiveNothing({ timeout })", async () => {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        expectInvalid(
          await rejection(() => expect(pull).to.receiveNothing({ timeout: value as number })),
          "receiveNothing({ timeout })",
        )
      })

      it("is refused by configure({ timeout }), which then changes nothing", () => {
        const before = configure({})
        let err: Error | undefined
        try {
          configure({ failOnUnread: true, timeout: value as number })
        } catch (e) {
          err = e as Error
        }
        expect(err, "configure() threw").to.exist
        expectInvalid(err!, "configure({ timeout })")
        expect(configure({})).to.deep.equal(before)
      })

      it("is refused by the recv builtin of processTest", async function () {
        const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
        let caught: Error | undefined
        await processTest(function* () {
          try {
            yield recv(pull, { timeout: value as number })
          } catch (err) {
            caught = err as Error
          }
        }).call(this)
        expect(caught, "the yield threw").to.exist
        expectInvalid(caught!, "recv(sock, { timeout })")
      })
    })
  }

  it("is checked by constructed({ timeout }) of a child stub, for every bad value @process", async () => {
    const a = await startModule("test/fixtures/stubs/a-idle.js", [], {
      stubs: [{ module: "./b", export: "B" }],
    })
    for (const [label, value] of BAD) {
      const err = await rejection(() =>
        a.stub("./b", "B").constructed({ timeout: value as number }),
      )
      expect(err.message, label).to.match(
        /^zmq-harness: expected `constructed\(\{ timeout \}\)` to be a number of milliseconds from 1 to 2147483647, got /,
      )
      expectInvalid(err, "constructed({ timeout })")
    }
  })

  it("points the stack of a refused duration at the test's line", async () => {
    const firstFrame = (err: Error) => err.stack!.split("\n").find((l) => /^\s+at /.test(l)) ?? ""
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
    const errors = [
      await rejection(() => socket("pull", { timeout: -1 })),
      await rejection(() => expect(pull).to.receive([], { timeout: -1 })),
      await rejection(() => expect(pull).to.receiveNothing({ timeout: -1 })),
    ]
    for (const err of errors) expect(firstFrame(err)).to.include("durations.test.ts")
  })

  it("names why a duration is refused: -1 would mean forever to zeromq", async () => {
    const err = await rejection(() => socket("pull", { timeout: -1 }))
    expect(err.message).to.equal(
      "zmq-harness: expected `socket({ timeout })` to be a number of milliseconds from 0 to 2147483647, " +
        "got -1: a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
    )
  })

  it("takes the longest allowed duration on a socket (no raw EINVAL)", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 2 ** 31 - 1 })
    expect(pull.timeout).to.equal(2 ** 31 - 1)
  })

  it("makes receiveNothing with a long window really wait, and fail on a message that comes", async () => {
    const { push, pull } = await pushPull()
    await push.connected()
    const started = performance.now()
    const assertion = expect(pull).to.receiveNothing({ timeout: 2 ** 31 - 1 })
    // The message goes out only once the wait has started; a window that did not wait would pass first.
    const sent = new Promise((resolve) => setImmediate(() => resolve(push.sendFrames(["late"]))))
    const err = await rejection(() => assertion)
    await sent
    expect(err.name).to.equal("AssertionError")
    expect(err.message).to.match(
      /^zmq-harness: expected nothing on .* for 2147483647 ms, got \["late"\] after \d+ ms\./,
    )
    expect(performance.now() - started).to.be.below(5000)
  })
})
