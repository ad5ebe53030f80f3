import { expect } from "chai"
import * as path from "node:path"
import { type ProcessHandle, ProcessExitedError, startProcess } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { stopsRunning } from "./running"

const pong = path.join(__dirname, "../fixtures/processes/pong.js")

describe("a start without ready @process", () => {
  it("yields to the event loop: a 5 ms timer fires during a loop of starts", async () => {
    let fired = false
    const timer = setTimeout(() => (fired = true), 5)
    let starts = 0
    // `sleep` is cheap to start; the bound keeps the loop short if the timer never fires.
    while (!fired && starts < 50) {
      await startProcess("sleep", ["30"])
      starts++
    }
    clearTimeout(timer)
    expect(fired, `the timer, after ${starts} starts`).to.equal(true)
  })
})

describe("the scope of a start @process", () => {
  let started: Promise<ProcessHandle>

  it("is the test that called it, even when the test ends before the start completes", () => {
    started = startProcess("node", [pong], { ready: /listening/ })
    started.catch(() => undefined) // looked at by the next test
    // Returns at once: the test ends while the process is being started.
  })

  it("(the next test) does not own that process: it was stopped with the test that started it", async () => {
    // The test's end stopped it before it was ready: the start failed, in the test that had ended.
    const err = await started.then(
      () => new Error("expected the start to fail"),
      (e: Error) => e,
    )
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(err.message).to.match(
      / \(pid \d+\) to become ready \(output matching \/listening\/\), got signal SIGTERM after \d+ ms, before it was ready/,
    )
    expect(currentScope().list("process")).to.deep.equal([])
    const pid = Number(/\(pid (\d+)\)/.exec(err.message)![1])
    expect(await stopsRunning(pid)).to.equal(true)
  })
})
