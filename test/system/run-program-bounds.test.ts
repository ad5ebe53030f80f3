import { expect } from "chai"
import { ProgramError, runProgram, UsageError, type ProgramResult } from "../../lib"
import { liveTrees } from "../../lib/process/tree"
import { within } from "../../lib/util/timers"

const node = process.execPath

/** What a call that must not throw synchronously rejected with. */
async function rejectionOf(call: () => Promise<unknown>): Promise<Error & { code?: string }> {
  let promise: Promise<unknown>
  try {
    promise = call()
  } catch (err) {
    throw new Error(`expected a rejected promise, got a synchronous throw: ${String(err)}`)
  }
  try {
    await promise
  } catch (err) {
    return err as Error & { code?: string }
  }
  throw new Error("expected a rejection, got a result")
}

describe("runProgram bounds @system", function () {
  this.timeout(60_000)

  it("keeps the newest output of a program that writes past V8's longest string (600 MiB), and settles", async () => {
    const size = 600 * 1024 * 1024
    const limit = 1024 * 1024
    // A call that never settles fails the test in bound.
    const outcome = await within(
      runProgram("head", ["-c", String(size), "/dev/zero"], {
        timeout: 45_000,
        outputLimit: limit,
      }),
      50_000,
    )
    expect(outcome.kind).to.equal("settled")
    const { code, stdout, stderr } = (outcome as { value: ProgramResult }).value
    expect(code).to.equal(0)
    expect(stderr).to.equal("")
    const marker = `[… ${size - limit} bytes cut …]\n`
    expect(stdout.slice(0, marker.length)).to.equal(marker)
    expect(stdout).to.have.length(marker.length + limit)
  })

  it("keeps multi-byte characters whole at the cut, and counts the cut in bytes", async () => {
    const run = await runProgram(node, ["-e", "process.stdout.write('é'.repeat(3000) + 'end')"], {
      outputLimit: 1000,
    })
    // 3003 characters, 1000 kept: 2003 cut, of which 2003 "é" of 2 bytes each.
    expect(run.stdout).to.equal(`[… ${2003 * 2} bytes cut …]\n${"é".repeat(997)}end`)
  })

  it("shows the cut in the error of a program that times out", async () => {
    const err = await rejectionOf(() =>
      runProgram(
        node,
        ["-e", "process.stdout.write('x'.repeat(5000)); setInterval(() => {}, 1000)"],
        {
          timeout: 1000,
          outputLimit: 100,
        },
      ),
    )
    expect(err).to.be.instanceOf(ProgramError)
    expect((err as ProgramError).stdout).to.equal(`[… 4900 bytes cut …]\n${"x".repeat(100)}`)
    expect(err.message).to.include(`--- stdout (last 10 lines) ---\n[… 4900 bytes cut …]\n`)
  })

  it("refuses an input that is not text or bytes before anything is started, as a rejected promise", async () => {
    const before = liveTrees()
    const err = await rejectionOf(() =>
      runProgram(node, ["-e", "process.stdin.resume()"], { input: 123 as unknown as string }),
    )
    expect(liveTrees()).to.equal(before)
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    expect(err.message).to.equal(
      `zmq-harness: expected { input } of runProgram("${node}") to be a string or a Buffer, got 123 (a number). ` +
        "Give the text to write to its standard input, e.g. { input: String(n) }.",
    )
  })

  it("refuses env values that are not strings, and arguments with a NUL character, before spawning", async () => {
    const env = await rejectionOf(() =>
      runProgram(node, ["-v"], { env: { PORT: 5678 as unknown as string, A: "ok" } }),
    )
    expect(env).to.be.instanceOf(UsageError)
    expect(env.message).to.equal(
      `zmq-harness: expected { env } of runProgram("${node}", …) to map names to strings (or undefined to remove one), ` +
        "got PORT: 5678. Give every value as text, e.g. { PORT: String(port) }.",
    )
    const nul = await rejectionOf(() => runProgram(node, ["-e", "a\0b"]))
    expect(nul).to.be.instanceOf(UsageError)
    expect(nul.message).to.match(/^zmq-harness: expected the arguments of runProgram/)
  })

  it("refuses a bad timeout, cwd, outputLimit or an unknown option with a code", async () => {
    for (const timeout of [-1, 0, NaN, Infinity, "100"]) {
      const err = await rejectionOf(() =>
        runProgram(node, ["-v"], { timeout: timeout as unknown as number }),
      )
      expect(err, String(timeout)).to.be.instanceOf(UsageError)
      expect(err.message).to.match(
        /^zmq-harness: expected `runProgram\(\{ timeout \}\)` to be a number of milliseconds from 1 to /,
      )
    }
    const cwd = await rejectionOf(() => runProgram(node, ["-v"], { cwd: 7 as unknown as string }))
    expect(cwd.message).to.equal(
      `zmq-harness: expected { cwd } of runProgram("${node}") to be a folder path, got 7 (a number).`,
    )
    const limit = await rejectionOf(() => runProgram(node, ["-v"], { outputLimit: 0 }))
    expect(limit.code).to.equal("ERR_ZMQH_INVALID_ARGUMENT")
    const unknown = await rejectionOf(() =>
      runProgram(node, ["-v"], { timout: 100 } as unknown as { timeout: number }),
    )
    expect(unknown.message).to.equal(
      "zmq-harness: expected options of runProgram among timeout, input, env, cwd, outputLimit, got an unknown option `timout`. Perhaps you meant `timeout`?",
    )
  })
})
