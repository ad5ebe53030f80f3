import { expect } from "chai"
import * as path from "node:path"
import {
  ProcessExitedError,
  type ProcessHandle,
  socket,
  startProcess,
  TimeoutError,
} from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { Scope } from "../../lib/core/scope"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)
const stderrTail =
  Array.from({ length: 19 }, (_, i) => `  stderr line ${i + 7}`).join("\n") +
  "\n  fatal: the crasher crashed"

/** Checks the crash error of `crasher.js --after <after>` (exit code 3): class, code, status, message. */
function expectCrasherError(err: Error, proc: ProcessHandle, after: number): void {
  expect(err).to.be.instanceOf(ProcessExitedError)
  expect((err as ProcessExitedError).code).to.equal("ERR_ZMQH_PROCESS_EXITED")
  expect((err as ProcessExitedError).status).to.deep.equal({ code: 3, signal: null })
  expect(err.message).to.match(
    new RegExp(
      `^zmq-harness: expected process "node \\S+crasher.js --after ${after}" \\(pid ${proc.pid}\\) to keep running, got exit code 3 after \\d+ ms\\. `,
    ),
  )
  expect(err.message).to.include(`Last 20 lines of its stderr:\n${stderrTail}\n`)
}

describe("the crash rule @process", () => {
  it("fails a pending socket receive at once with the exit status and the stderr tail", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const proc = await startProcess("node", [fixture("crasher.js"), "--after", "100"], {
      ready: /started/,
    })
    const started = performance.now()
    const err = await rep.recv().catch((e: Error) => e)
    const waited = performance.now() - started
    expectCrasherError(err as Error, proc, 100)
    expect(waited).to.be.below(1000) // far below the receive's own 5000 ms bound
  })

  it("fails within 100 ms of the exit", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const proc = await startProcess("node", [fixture("crasher.js"), "--after", "50"], {
      ready: /started/,
    })
    let exitedAt = 0
    proc.child.once("exit", () => (exitedAt = performance.now()))
    const err = await rep.recv().catch((e: Error) => e)
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(performance.now() - exitedAt).to.be.below(100)
  })

  it("names a signal the test did not send", async () => {
    const proc = await startProcess(
      "node",
      [fixture("crasher.js"), "--after", "20", "--signal", "SIGSEGV"],
      { ready: /started/ },
    )
    const err = await proc.waitForOutput(/never/, { timeout: 5000 }).catch((e: Error) => e)
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect((err as ProcessExitedError).status).to.deep.equal({ code: null, signal: "SIGSEGV" })
    expect((err as Error).message).to.include("got signal SIGSEGV after")
    expect((err as Error).stack).to.include("crash.test.ts")
  })

  it("fails later waits of the test too", async () => {
    const proc = await startProcess("node", [fixture("crasher.js")], { ready: /started/ })
    await proc.exited
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const err = await rep.recv().catch((e: Error) => e)
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect(currentScope().failed).to.be.instanceOf(ProcessExitedError)
  })

  it("does not apply to an exit the test asked for", async () => {
    const proc = await startProcess("node", [fixture("stubborn.js")], { ready: /ignoring/ })
    proc.kill("SIGKILL")
    expect(await proc.exited).to.deep.equal({ code: null, signal: "SIGKILL" })
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    await expect(rep).to.receiveNothing({ timeout: 20 })
    expect(currentScope().failed).to.equal(undefined)
  })

  it("does not apply with { failOnExit: false }", async () => {
    const proc = await startProcess("node", [fixture("crasher.js")], {
      ready: /started/,
      failOnExit: false,
    })
    expect(await proc.exited).to.deep.equal({ code: 3, signal: null })
    expect(currentScope().failed).to.equal(undefined)
  })

  it("does not apply to an exit with code 0, but a timeout then says how the process ended", async () => {
    const proc = await startProcess("node", ["-e", "console.log('done')"])
    expect(await proc.exited).to.deep.equal({ code: 0, signal: null })
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const err = await rep.recv({ timeout: 50 }).catch((e: Error) => e)
    expect(err).to.be.instanceOf(TimeoutError)
    expect((err as Error).message).to.match(
      /Processes of this test:\n {2}process "node -e \S+" \(pid \d+\): exited with exit code 0 after \d+ ms\n {4}stdout \(last 5 lines\):\n {6}done\n/,
    )
  })
})

describe("the crash rule for a process started in a before hook @process", () => {
  let proc: ProcessHandle
  let exitedAt = 0

  before(async () => {
    // Crashes 1 s after it is ready: while the first test below waits.
    proc = await startProcess("node", [fixture("crasher.js"), "--after", "1000"], {
      ready: /started/,
    })
    proc.child.once("exit", () => (exitedAt = performance.now()))
  })

  describe("a test of a nested suite", () => {
    it("has its pending socket receive failed at once with the exit status", async () => {
      const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 10_000 })
      expect(proc.running, "the process before the wait").to.equal(true)
      const err = await rep.recv().catch((e: Error) => e)
      expect(exitedAt, "the process has exited").to.be.above(0)
      expectCrasherError(err as Error, proc, 1000)
      expect(performance.now() - exitedAt).to.be.below(500) // not the receive's 10 s bound
    })
  })

  describe("a later test", () => {
    it("fails the waits of later tests of the suite too: the process they rely on is gone", async () => {
      const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 10_000 })
      const err = await rep.recv().catch((e: Error) => e)
      expect(err).to.be.instanceOf(ProcessExitedError)
      expect((err as ProcessExitedError).status).to.deep.equal({ code: 3, signal: null })
      expect(currentScope().failed).to.be.instanceOf(ProcessExitedError)
    })
  })
})

describe("a process started in a before hook that keeps running @process", () => {
  before(async () => {
    await startProcess("node", [fixture("pong.js")], { ready: /listening/ })
  })

  it("leaves the test's waits to their own outcome", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    expect(currentScope().crashable, "inherited from the suite's scope").to.equal(true)
    const err = await rep.recv({ timeout: 50 }).catch((e: Error) => e)
    expect(err).to.be.instanceOf(TimeoutError)
    expect(currentScope().failed).to.equal(undefined)
  })
})

describe("scope chain of the crash rule", () => {
  const chain = () => {
    const root = new Scope("root", "root")
    const suite = new Scope("suite", "suite", root)
    return { root, suite, test: new Scope("test", "suite test", suite) }
  }

  it("returns the promise itself when nothing in the chain can crash (no wrapper on the fast path)", () => {
    const { test } = chain()
    const promise = Promise.resolve(1)
    expect(test.guard(promise)).to.equal(promise)
    expect(test.crashable).to.equal(false)
  })

  it("rejects a test's pending wait when an ancestor fails, with the ancestor's error", async () => {
    const { root, test } = chain()
    root.crashable = true
    expect(test.crashable).to.equal(true)
    const crash = new Error("crashed")
    const waiting = test.guard(new Promise(() => undefined))
    root.fail(crash)
    expect(await waiting.catch((e: Error) => e)).to.equal(crash)
    expect(test.failed).to.equal(crash)
    expect(await test.guard(Promise.resolve(1)).catch((e: Error) => e)).to.equal(crash)
  })

  it("does not fail an ancestor or a sibling when a test's own scope fails", async () => {
    const { suite, test } = chain()
    const sibling = new Scope("test", "suite other test", suite)
    test.crashable = true
    test.fail(new Error("crashed"))
    expect(suite.failed).to.equal(undefined)
    expect(sibling.failed).to.equal(undefined)
    expect(await sibling.guard(Promise.resolve(2))).to.equal(2)
  })
})
