import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { expect } from "chai"
import { ProcessNotFoundError, ProgramError, runProgram, UsageError } from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { liveTrees } from "../../lib/process/tree"
import { printedPids, waitUntilGone } from "./support/pids"
import { commandLine } from "../../lib/process/command-line"

const fixtures = path.join(__dirname, "..", "fixtures", "system")
const node = process.execPath

/** Awaits a promise that must reject, and returns what it rejected with. */
async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  let value: unknown
  try {
    value = await promise
  } catch (err) {
    return err as Error
  }
  throw new Error(`expected a rejection, got a result: ${JSON.stringify(value)}`)
}

/** The first stack frame of an error (its message may span lines). */
function firstFrame(err: Error): string {
  return err.stack!.split("\n").find((line) => /^\s+at /.test(line)) ?? ""
}

describe("runProgram @system", () => {
  it("resolves the exit code, output and duration of a program that fails", async () => {
    const run = await runProgram(node, [
      "-e",
      "process.stdout.write('out'); console.error('err'); process.exit(3)",
    ])
    expect(run).to.include({ code: 3, signal: null, stdout: "out", stderr: "err\n" })
    expect(run.duration).to.be.a("number").above(0)
  })

  it("reports the signal that ended the program", async () => {
    const run = await runProgram(node, ["-e", "process.kill(process.pid, 'SIGTERM')"])
    expect(run).to.include({ code: null, signal: "SIGTERM" })
  })

  it("writes input, a string or a Buffer, to standard input", async () => {
    const echo = ["-e", "process.stdin.pipe(process.stdout)"]
    expect((await runProgram(node, echo, { input: "ping\n" })).stdout).to.equal("ping\n")
    expect((await runProgram(node, echo, { input: Buffer.from("pong") })).stdout).to.equal("pong")
  })

  it("resolves when the program exits without reading all its input", async () => {
    const run = await runProgram(node, ["-e", ""], { input: Buffer.alloc(4 * 1024 * 1024) })
    expect(run.code).to.equal(0)
  })

  it("keeps all the output, with characters split across chunks intact", async () => {
    const run = await runProgram(node, ["-e", "process.stdout.write('é'.repeat(1e6))"])
    expect(run.stdout).to.have.length(1e6)
    expect(run.stdout).to.match(/^é+$/)
  })

  it("gives an empty standard input when no input is given, so a reader does not hang", async () => {
    const run = await runProgram(
      node,
      [
        "-e",
        "let n = 0; process.stdin.on('data', (c) => (n += c.length)).on('end', () => console.log(n))",
      ],
      {
        timeout: 3000,
      },
    )
    expect(run.stdout).to.equal("0\n")
  })

  it("merges env over the test's environment, and removes variables set to undefined", async () => {
    process.env.ZMQH_SYSTEM_TEST_DROP = "present"
    try {
      const run = await runProgram(
        node,
        [
          "-e",
          "console.log(process.env.ZMQH_X, process.env.ZMQH_SYSTEM_TEST_DROP, !!process.env.PATH)",
        ],
        {
          env: { ZMQH_X: "given", ZMQH_SYSTEM_TEST_DROP: undefined },
        },
      )
      expect(run.stdout).to.equal("given undefined true\n")
    } finally {
      delete process.env.ZMQH_SYSTEM_TEST_DROP
    }
  })

  it("runs the program in cwd", async () => {
    const run = await runProgram(node, ["-e", "console.log(process.cwd())"], { cwd: os.tmpdir() })
    expect(run.stdout.trim()).to.equal(path.resolve(os.tmpdir()))
  })

  it("passes arguments as they are, without a shell", async () => {
    const run = await runProgram(node, ["-e", "console.log(process.argv[1])", "$HOME; echo hi `x`"])
    expect(run.stdout).to.equal("$HOME; echo hi `x`\n")
  })

  it("kills the whole process tree on timeout and fails with the output so far", async () => {
    const script = path.join(fixtures, "hang-tree.js")
    const err = await rejection(runProgram(node, [script], { timeout: 1500 }))
    expect(err).to.be.instanceOf(ProgramError)
    expect(err.code).to.equal("ERR_ZMQH_PROGRAM")
    const pids = printedPids((err as ProgramError).stdout)
    expect(pids).to.have.length(2)
    expect(err.message).to.equal(
      `zmq-harness: expected ${commandLine(node, [script])} to exit within 1500 ms, got no exit; ` +
        `killed it and its process group (pid ${pids[0]}). Raise { timeout } if it is only slow, ` +
        "or see from its output why it hangs:\n" +
        `--- stdout (last 10 lines) ---\nprogram pid ${pids[0]}\ngrandchild pid ${pids[1]}\n` +
        "--- stderr: (empty) ---",
    )
    expect(firstFrame(err)).to.include("run-program.test.ts")
    await waitUntilGone(pids)
  })

  it("kills what the program left running in its group when it exits", async () => {
    const run = await runProgram("sh", ["-c", "sleep 30 & echo $!"], { timeout: 5000 })
    expect(run.code).to.equal(0)
    expect(run.duration).to.be.below(5000)
    await waitUntilGone([Number(run.stdout.trim())])
  })

  it("is tracked with the processes under test while it runs (an interrupt kills it too), then forgotten", async () => {
    const before = liveTrees()
    const running = runProgram(node, ["-e", "setTimeout(() => {}, 100)"])
    expect(liveTrees()).to.equal(before + 1)
    expect((await running).code).to.equal(0)
    expect(liveTrees()).to.equal(before)
  })

  it("fails with ProcessNotFoundError naming the command and PATH when no such program exists", async () => {
    const err = await rejection(
      runProgram("zmqh-no-such-program", ["--port", "1"], { env: { PATH: "/opt/zmqh-none/bin" } }),
    )
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.code).to.equal("ERR_ZMQH_PROCESS_NOT_FOUND")
    expect(err.message).to.equal(
      'zmq-harness: expected a program "zmqh-no-such-program" to start, got ENOENT: no program of that name in PATH ' +
        "(/opt/zmqh-none/bin). Check the spelling, give its path, or add its folder to PATH.",
    )
    expect((err as ProcessNotFoundError).command).to.equal("zmqh-no-such-program")
    expect(firstFrame(err)).to.include("run-program.test.ts")
  })

  it("fails with ProcessNotFoundError naming the file when a path leads nowhere", async () => {
    const err = await rejection(runProgram("./bin/zmqh-missing", []))
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.message).to.equal(
      `zmq-harness: expected a program "./bin/zmqh-missing" to start, got ENOENT: no file ${path.resolve("bin/zmqh-missing")}. ` +
        `Check the path (relative paths start from ${process.cwd()}).`,
    )
  })

  it("fails with ProcessNotFoundError when the file is not executable", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zmqh-system-"))
    try {
      const file = path.join(dir, "tool.js")
      writeFileSync(file, "console.log('hi')\n")
      chmodSync(file, 0o644)
      const err = await rejection(runProgram(file, []))
      expect(err).to.be.instanceOf(ProcessNotFoundError)
      expect(err.message).to.equal(
        `zmq-harness: expected a program "${file}" to start, got EACCES: it is not executable. ` +
          `Make it executable (chmod +x), or run it through its interpreter: runProgram("node", ["${file}"]).`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("fails with UsageError when cwd does not exist", async () => {
    const err = await rejection(runProgram(node, ["-v"], { cwd: "/zmqh/no/such/dir" }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      `zmq-harness: expected { cwd } of runProgram("${node}") to be an existing folder, got /zmqh/no/such/dir, which does not exist. Create it or fix the path.`,
    )
  })

  it("rejects arguments that are not a list of strings, and a bad timeout", async () => {
    const args = await rejection(runProgram("node", "-v" as unknown as string[]))
    expect(args).to.be.instanceOf(UsageError)
    expect(args.message).to.equal(
      'zmq-harness: expected the arguments of runProgram("node", …) as a list of strings, got "-v". ' +
        'No shell is used: pass each argument as its own string, e.g. ["--port", String(port)].',
    )
    const timeout = await rejection(runProgram("node", ["-v"], { timeout: -1 }))
    expect(timeout.message).to.equal(
      "zmq-harness: expected `runProgram({ timeout })` to be a number of milliseconds from 1 to 2147483647, " +
        "got -1: a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
    )
  })

  it("belongs to the test: listed as a process while it runs, killed when the test's scope closes", async () => {
    const running = runProgram(node, [path.join(fixtures, "hang-tree.js")], { timeout: 30_000 })
    const failure = rejection(running)
    const scope = currentScope()
    // The program is registered at once, before it printed anything.
    expect(scope.describe("process")).to.have.length(1)
    expect(scope.describe("process")[0]).to.match(
      /^program .*hang-tree\.js \(pid \d+\), running for \d+ ms of its 30000 ms\n/,
    )
    await scope.close()
    const err = await failure
    expect(err).to.be.instanceOf(ProgramError)
    expect(err.message).to.match(
      /^zmq-harness: expected .*hang-tree\.js to exit before the test ended, got the end of the test after \d+ ms; killed it/,
    )
    await waitUntilGone(printedPids((err as ProgramError).stdout))
  })

  it("fails at once when the test's scope fails (a process under test crashed)", async () => {
    const scope = currentScope()
    scope.crashable = true
    const running = runProgram(node, ["-e", "setInterval(() => {}, 1000)"], { timeout: 30_000 })
    const crash = new Error("pongproc exited with code 1")
    scope.fail(crash)
    expect(await rejection(running)).to.equal(crash)
  })

  it("starts nothing when the test's scope has already failed", async () => {
    const scope = currentScope()
    scope.crashable = true
    const crash = new Error("pongproc exited with code 1")
    scope.fail(crash)
    const running = runProgram(node, ["-e", "setInterval(() => {}, 1000)"], { timeout: 30_000 })
    expect(scope.describe("process")).to.deep.equal([])
    expect(await rejection(running)).to.equal(crash)
  })

  it("is killed when Mocha's timeout ends the test, and the hang report shows it", async function () {
    // A child Mocha with ts-node takes seconds to start on a busy machine: runProgram's own bound
    // (20 s) is the one that matters here, not the suite's 10 s.
    this.timeout(30_000)
    const mocha = require.resolve("mocha/bin/mocha.js")
    const run = await runProgram(
      node,
      [
        mocha,
        "--no-config",
        "--require",
        "ts-node/register/transpile-only",
        "--require",
        "./lib/register.ts",
        path.join(fixtures, "specs", "hangs.spec.ts"),
      ],
      { timeout: 20_000, env: { FORCE_COLOR: "0" } },
    )
    expect(run.code).to.equal(1)
    expect(run.stdout).to.include("Timeout of 2000ms exceeded")
    expect(run.stdout).to.include("zmq-harness hang report")
    expect(run.stdout).to.match(
      / {2}program .*hang-tree\.js \(pid \d+\), running for \d+ ms of its 30000 ms/,
    )
    const pids = printedPids(run.stdout.slice(run.stdout.indexOf("hang report")))
    expect(pids).to.have.length(3) // the program (twice: its line and its output) and its child
    await waitUntilGone(pids)
  })
})
