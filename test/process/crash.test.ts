import { expect } from "chai"
import * as path from "node:path"
import { ProcessExitedError, socket, startProcess, TimeoutError } from "../../lib"
import { currentScope } from "../../lib/mocha/current"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)
const stderrTail =
  Array.from({ length: 19 }, (_, i) => `  stderr line ${i + 7}`).join("\n") +
  "\n  fatal: the crasher crashed"

describe("the crash rule @process", () => {
  it("fails a pending socket receive at once with the exit status and the stderr tail", async () => {
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*", timeout: 5000 })
    const proc = await startProcess("node", [fixture("crasher.js"), "--after", "100"], {
      ready: /started/,
    })
    const started = performance.now()
    const err = await rep.recv().catch((e: Error) => e)
    const waited = performance.now() - started
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect((err as ProcessExitedError).code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect((err as ProcessExitedError).status).to.deep.equal({ code: 3, signal: null })
    expect((err as Error).message).to.match(
      new RegExp(
        `^zmq-harness: expected process "node \\S+crasher.js --after 100" \\(pid ${proc.pid}\\) to keep running, got exit code 3 after \\d+ ms\\. `,
      ),
    )
    expect((err as Error).message).to.include(`Last 20 lines of its stderr:\n${stderrTail}\n`)
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
