import { expect } from "chai"
import * as path from "node:path"
import {
  InvalidSubjectError,
  ProcessExitedError,
  runProgram,
  socket,
  startProcess,
  TimeoutError,
  UsageError,
} from "../../lib"
import { currentScope } from "../../lib/core/ownership"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)
const crasher = fixture("crasher.js")
const idle = ["-e", "console.log('idle'); setInterval(() => undefined, 1000)"]
const stderrTail =
  Array.from({ length: 19 }, (_, i) => `  stderr line ${i + 7}`).join("\n") +
  "\n  fatal: the crasher crashed"

/** The rejection of `promise`, or a failure when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error("expected a rejection, got a resolution")
}

describe("expect(proc).to.exit() @process", () => {
  it("passes on the expected code, resolves the exit status, and the crash rule does not charge the test", async () => {
    const proc = await startProcess("node", [crasher, "--after", "20"], { ready: /started/ })
    const status = await expect(proc).to.exit(3)
    expect(status).to.deep.equal({ code: 3, signal: null })
    expect(currentScope().failed).to.equal(undefined)
  })

  it("fails on another code with the exit status and the stderr tail, at the test's line", async () => {
    const proc = await startProcess("node", [crasher], { ready: /started/ })
    const err = await rejection(expect(proc).to.exit(0))
    expect(err.name).to.equal("AssertionError")
    expect(err.message).to.match(
      new RegExp(
        `^zmq-harness: expected process "node \\S+crasher\\.js" \\(pid ${proc.pid}\\) to exit with code 0, got exit code 3 after \\d+ ms\\. Last 20 lines of its stderr:\\n`,
      ),
    )
    expect(err.message).to.include(
      `${stderrTail}\nIts output says why; if this exit is right, expect it instead.`,
    )
    expect(err.stack).to.include("exit-assertion.test.ts")
  })

  it("matches { code, signal }, and any exit without an argument", async () => {
    const killed = await startProcess("node", idle, { ready: /idle/ })
    killed.kill("SIGKILL")
    expect(await expect(killed).to.exit({ signal: "SIGKILL" })).to.deep.equal({
      code: null,
      signal: "SIGKILL",
    })
    const segv = await startProcess("node", [crasher, "--signal", "SIGSEGV"], {
      ready: /started/,
    })
    await expect(segv).to.exit({ code: null })
    const three = await startProcess("node", [crasher], { ready: /started/ })
    await expect(three).to.exit({ signal: null, code: 3 })
    const any = await startProcess("node", [crasher], { ready: /started/ })
    expect(await expect(any).to.exit()).to.deep.equal({ code: 3, signal: null })
    const other = await startProcess("node", [crasher], { ready: /started/ })
    const err = await rejection(expect(other).to.exit({ signal: "SIGTERM" }))
    expect(err.message).to.match(/to exit by signal SIGTERM, got exit code 3 after/)
  })

  it("is bounded: a process still running fails with a TimeoutError that shows its stderr", async () => {
    const proc = await startProcess(
      "node",
      ["-e", "console.error('still busy'); console.log('up'); setInterval(() => undefined, 1000)"],
      { ready: /up/ },
    )
    const started = performance.now()
    const err = await rejection(expect(proc).to.exit(0, { timeout: 150 }))
    expect(performance.now() - started).to.be.within(140, 1500)
    expect(err).to.be.instanceOf(TimeoutError)
    expect((err as TimeoutError).operation).to.equal("exit")
    expect(err.message).to.equal(
      `zmq-harness: expected ${proc.name} to exit with code 0 within 150 ms, got no exit: it is still running. ` +
        "Last 20 lines of its stderr:\n  still busy\n" +
        "Give it more time with `{ timeout }`, or check what keeps it running (its output above).",
    )
    expect(err.stack).to.include("exit-assertion.test.ts")
  })

  it("does not fail the test's other waits when the expected exit comes", async () => {
    const pull = await socket("pull", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const push = await socket("push", { connect: pull.endpoint })
    const proc = await startProcess("node", [crasher, "--after", "50"], { ready: /started/ })
    const exit = expect(proc).to.exit(3)
    const received = expect(pull).to.receive([["sent after the exit"]])
    await exit
    await push.send(["sent after the exit"])
    await received
  })

  it("withdraws a crash reported before it: later waits go on and the test is not charged", async () => {
    const proc = await startProcess("node", [crasher], { ready: /started/ })
    await new Promise((resolve) => proc.child.once("close", resolve))
    expect(currentScope().failed).to.be.instanceOf(ProcessExitedError)
    await expect(proc).to.exit(3)
    expect(currentScope().failed).to.equal(undefined)
    await proc.waitForOutput(/started/)
  })

  it("fails at once when another process of the test crashes meanwhile", async () => {
    const waiting = await startProcess("node", idle, { ready: /idle/ })
    const other = await startProcess("node", [crasher, "--after", "50"], { ready: /started/ })
    const started = performance.now()
    const err = await rejection(expect(waiting).to.exit(0, { timeout: 5000 }))
    expect(performance.now() - started).to.be.below(2000)
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(err.message).to.include(`expected ${other.name} to keep running, got exit code 3`)
  })

  describe("refuses at the call", () => {
    it("a code that is not one, a bad signal, an exit that cannot happen, a bad timeout", async () => {
      const proc = await startProcess("node", idle, { ready: /idle/ })
      const refused = (fn: () => unknown) => {
        try {
          fn()
        } catch (err) {
          expect(err).to.be.instanceOf(UsageError)
          expect((err as Error).stack).to.include("exit-assertion.test.ts")
          return (err as Error).message
        }
        throw new Error("expected a UsageError")
      }
      expect(refused(() => expect(proc).to.exit(-1))).to.equal(
        "zmq-harness: expected the exit code of exit() to be an exit code from 0 to 255, got number -1. " +
          'A process killed by a signal has no code: expect `{ signal: "SIGTERM" }` instead.',
      )
      expect(refused(() => expect(proc).to.exit("3" as never))).to.match(
        /^zmq-harness: expected exit\(\) to get an exit code or \{ code, signal \}, got string "3"\./,
      )
      expect(refused(() => expect(proc).to.exit({ signal: "SIGTREM" as never }))).to.include(
        'Perhaps you meant "SIGTERM"?',
      )
      expect(refused(() => expect(proc).to.exit({ code: 3, signal: "SIGTERM" }))).to.match(
        /^zmq-harness: expected exit\(\) to expect an exit that can happen, got Object \{"code":3,"signal":"SIGTERM"\}: a process ends either with a code \(signal null\) or by a signal \(code null\)\./,
      )
      expect(refused(() => expect(proc).to.exit({ timeout: 5 } as never))).to.include(
        "Put the timeout in the second argument: exit(3, { timeout: 1000 }).",
      )
      expect(refused(() => expect(proc).to.exit(0, { timeout: -1 }))).to.match(
        /^zmq-harness: expected `exit\(\{ timeout \}\)` to be a number of milliseconds/,
      )
      expect(refused(() => expect(proc).not.to.exit(0))).to.match(
        /^zmq-harness: expected \.exit\(\) without \.not, got \.not\.exit\(\)\./,
      )
    })

    it("a subject that is not a process under test", async () => {
      const run = await runProgram("node", ["-e", ""])
      expect(() => expect(run).to.exit(0)).to.throw(
        InvalidSubjectError,
        /expected a process under test \(from startProcess or startModule\) for \.exit\(\), got Object .*runProgram\(\) resolves when the program has exited: check `expect\(run\.code\)\.to\.equal\(0\)`\./,
      )
      const pending = startProcess("node", idle, { ready: /idle/ })
      expect(() => expect(pending).to.exit(0)).to.throw(
        InvalidSubjectError,
        /It is a promise: await startProcess\(…\) first\./,
      )
      await pending
    })
  })
})
