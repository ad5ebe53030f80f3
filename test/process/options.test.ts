import { expect } from "chai"
import * as path from "node:path"
import {
  configure,
  ProcessNotFoundError,
  runProgram,
  socket,
  startProcess,
  TimeoutError,
  UsageError,
} from "../../lib"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)
const node = process.execPath

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  const outcome = await promise.then(
    () => undefined,
    (err: Error) => err,
  )
  if (!outcome) throw new Error("expected a rejection, got a resolved promise")
  return outcome
}

describe("process options @process", () => {
  it("checks readyTimeout and grace with the one duration validator, before anything starts", async () => {
    for (const [option, value] of [
      ["readyTimeout", -1],
      ["readyTimeout", NaN],
      ["grace", Infinity],
      ["grace", -5],
    ] as const) {
      const err = await failure(startProcess(node, ["-e", ""], { [option]: value }))
      expect(err, `${option}: ${value}`).to.be.instanceOf(UsageError)
      expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
      expect(err.message).to.match(
        new RegExp(
          `^zmq-harness: expected \`${option}\` to be a number of milliseconds from 0 to 2147483647, got ${value}: `,
        ),
      )
    }
  })

  it("checks the timeout of waitForOutput: -1 is refused, not a wait that ends at once", async () => {
    const proc = await startProcess(node, ["-e", "setInterval(() => {}, 1000)"])
    const err = await failure(proc.waitForOutput("never", { timeout: -1 }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      "zmq-harness: expected `waitForOutput({ timeout })` to be a number of milliseconds from 0 to 2147483647, " +
        "got -1: a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
    )
  })

  it("takes the defaults of readyTimeout, grace and waitForOutput from configure()", async () => {
    const previous = configure({ waitForOutputTimeout: 150, readyTimeout: 300, grace: 100 })
    try {
      const proc = await startProcess(node, [fixture("stubborn.js")], {
        ready: /ignoring signals/,
        readyTimeout: 10_000, // given: a slow start under load must not fail this test
      })
      const waited = await failure(proc.waitForOutput("never"))
      expect(waited).to.be.instanceOf(TimeoutError)
      expect(waited.message).to.include("got none after 150 ms")
      const started = performance.now()
      expect(await proc.stop()).to.deep.equal({ code: null, signal: "SIGKILL" })
      expect(performance.now() - started).to.be.below(1500) // the grace of 100 ms, not 2000
      const late = await failure(
        startProcess(node, ["-e", "setInterval(() => {}, 1000)"], { ready: /never/ }),
      )
      expect(late.message).to.match(/within 300 ms, got no matching output/)
    } finally {
      configure(previous)
    }
  })

  it("refuses an unknown stop signal, listing the valid ones, with a guess", async () => {
    const err = await failure(
      startProcess(node, ["-e", ""], { stop: { signal: "SIGTREM" as NodeJS.Signals } }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.match(
      /^zmq-harness: expected `stop.signal` to be a signal name, got "SIGTREM"\. Perhaps you meant "SIGTERM"\? Valid signals: SIGHUP, SIGINT, .*SIGTERM.*\.$/,
    )
    const bare = await failure(
      startProcess(node, ["-e", ""], { stop: { signal: "SIGFOO" as NodeJS.Signals } }),
    )
    expect(bare.message).to.match(
      /^zmq-harness: expected `stop.signal` to be a signal name, got "SIGFOO"\./,
    )
    expect(bare.message).to.include("Valid signals: SIGHUP, SIGINT")
  })

  it("refuses env values that are not strings before anything starts", async () => {
    const err = await failure(startProcess(node, ["-e", ""], { env: { PORT: 5678 as never } }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      "zmq-harness: expected { env } of the process to map names to strings (or undefined to remove one), got PORT: 5678. " +
        "Give every value as text, e.g. { PORT: String(port) }.",
    )
  })

  it("refuses an unknown signal to proc.kill() instead of swallowing it", async () => {
    const proc = await startProcess(node, ["-e", "setInterval(() => {}, 1000)"])
    expect(() => proc.kill("SIGFOO" as NodeJS.Signals)).to.throw(
      UsageError,
      /^zmq-harness: expected the signal of proc\.kill\(\) to be a signal name, got "SIGFOO"\..* Valid signals: SIGHUP, /,
    )
    expect(proc.running).to.equal(true)
  })

  it("says that a folder given as the program is a folder, not that it lacks chmod +x", async () => {
    const folder = path.join(__dirname, "../fixtures/processes")
    const started = await failure(startProcess(folder))
    expect(started).to.be.instanceOf(ProcessNotFoundError)
    expect(started.message).to.equal(
      `zmq-harness: expected a program "${folder}" to start, got EACCES: ${folder} is a folder, not a program. Give the path of the program in it.`,
    )
    const run = await failure(runProgram("test/fixtures", ["-v"]))
    expect(run).to.be.instanceOf(ProcessNotFoundError)
    expect(run.message).to.include(`${path.resolve("test/fixtures")} is a folder, not a program.`)
  })

  it("stops a process with raw frames through { sendFrames: [socket, frames] }", async () => {
    const push = await socket("push", { bind: "tcp://127.0.0.1:*", timeout: 3000 })
    const proc = await startProcess(node, [fixture("raw-quit.js"), "--connect", push.endpoint], {
      ready: /connected to/,
      stop: { sendFrames: [push, ["QUIT", Buffer.from([0xff, 0x00])]] },
      grace: 5000,
    })
    await push.sendFrames(["HELLO"])
    await proc.waitForOutput("frames 48454c4c4f")
    const started = performance.now()
    expect(await proc.stop()).to.deep.equal({ code: 0, signal: null })
    expect(performance.now() - started).to.be.below(4000) // the message stopped it, not SIGKILL after the grace
    expect(proc.stdout).to.not.include("ignoring SIGTERM") // the stop was the message, not the default SIGTERM
    expect(proc.stdout).to.include("quit by raw frames")
  })

  it("refuses a malformed { sendFrames } before anything starts", async () => {
    const push = await socket("push", { bind: "tcp://127.0.0.1:*" })
    const sub = await socket("sub", { bind: "tcp://127.0.0.1:*" })
    const notList = await failure(
      startProcess(node, ["-e", ""], { stop: { sendFrames: [push, "QUIT"] } as never }),
    )
    expect(notList).to.be.instanceOf(UsageError)
    expect(notList.message).to.equal(
      'zmq-harness: expected `stop.sendFrames` to be [socket, frames] (frames: a list of strings or Buffers), e.g. `stop: { sendFrames: [dealer, ["", "QUIT"]] }`, got 2 item(s).',
    )
    const badFrame = await failure(
      startProcess(node, ["-e", ""], { stop: { sendFrames: [push, [{ a: 1 }]] } as never }),
    )
    expect(badFrame.message).to.match(
      /^zmq-harness: expected every frame of `stop.sendFrames` to be a string, a Buffer or a typed array/,
    )
    const empty = await failure(
      startProcess(node, ["-e", ""], { stop: { sendFrames: [push, []] } }),
    )
    expect(empty).to.be.instanceOf(UsageError)
    expect(empty.message).to.match(
      /^zmq-harness: expected at least one frame in `stop.sendFrames`, got an empty list: a ZeroMQ message has at least one frame/,
    )
    const cannotSend = await failure(
      startProcess(node, ["-e", ""], { stop: { sendFrames: [sub, ["QUIT"]] } }),
    )
    expect(cannotSend.message).to.match(
      /^zmq-harness: expected `stop.sendFrames` to use a socket that can send, got sub socket/,
    )
  })
})
