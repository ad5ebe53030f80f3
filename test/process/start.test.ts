import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { ProcessExitedError, socket, startModule, startProcess, TimeoutError } from "../../lib"
import { commandLine } from "../../lib/process/command-line"

const fixtures = path.join(__dirname, "../fixtures/processes")
const fixture = (name: string) => path.join(fixtures, name)

// Fixed ports in these tests are odd, in 47600-47649: they lie in Linux's ephemeral range, where
// connect() takes even source ports (and bind to port 0 odd ones), so an even fixed port is
// sometimes held by an unrelated connection's source port (EADDRINUSE).
describe("startProcess @process", () => {
  it("starts a program, waits for its ready line and talks to it", async () => {
    const pong = await startProcess("node", [fixture("pong.js")], { ready: /listening on (\S+)/ })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)
    const req = await socket("req", { connect: endpoint, timeout: 3000 })
    await req.send(["ping", 7])
    expect(await req.recv()).to.deep.equal([["pong", 7]])
    expect(pong.pid).to.be.a("number")
    expect(pong.running).to.equal(true)
  })

  it("is ready when a connection to its endpoint succeeds", async () => {
    const pong = await startProcess("node", [fixture("pong.js"), "--port", "47601"], {
      ready: "tcp://127.0.0.1:47601",
    })
    const req = await socket("req", { connect: "tcp://127.0.0.1:47601", timeout: 3000 })
    await req.send(["ping", 1])
    expect(await req.recv()).to.deep.equal([["pong", 1]])
    expect(pong.stdout).to.equal("listening on tcp://127.0.0.1:47601\n")
  })

  it("is ready when an ipc endpoint accepts a connection", async () => {
    const file = path.join(os.tmpdir(), `zmqh-pong-${process.pid}.sock`)
    const endpoint = `ipc://${file}`
    const proc = await startProcess("node", [fixture("pong.js"), "--bind", endpoint], {
      ready: endpoint,
    })
    const req = await socket("req", { connect: endpoint, timeout: 3000 })
    await req.send(["ping", 5])
    expect(await req.recv()).to.deep.equal([["pong", 5]])
    await proc.stop()
    fs.rmSync(file, { force: true }) // a process killed by a signal leaves its ipc file
  })

  it("calls a ready function once with the handle and awaits it", async () => {
    let calls = 0
    const proc = await startProcess("node", [fixture("pong.js")], {
      ready: async (p) => {
        calls++
        await p.waitForOutput(/listening/)
      },
    })
    expect(calls).to.equal(1)
    expect(proc.stdout).to.match(/^listening on tcp:\/\/127\.0\.0\.1:\d+\n$/)
  })

  it("merges env over the test's environment and runs in cwd", async () => {
    process.env.ZMQH_FROM_TEST = "kept"
    try {
      const proc = await startProcess(
        "node",
        ["-e", "console.log(process.env.ZMQH_FROM_TEST, process.env.ZMQH_GIVEN, process.cwd())"],
        { env: { ZMQH_GIVEN: "given" }, cwd: fixtures, failOnExit: false },
      )
      expect(await proc.exited).to.deep.equal({ code: 0, signal: null })
      expect(proc.stdout).to.equal(`kept given ${fixtures}\n`)
    } finally {
      delete process.env.ZMQH_FROM_TEST
    }
  })

  it("resolves exited with the code once stdout and stderr are complete", async () => {
    const proc = await startProcess(
      "node",
      [
        "-e",
        "process.stdout.write('a'.repeat(100000)); console.error('bye'); process.exitCode = 4",
      ],
      {
        failOnExit: false,
      },
    )
    expect(await proc.exited).to.deep.equal({ code: 4, signal: null })
    expect(proc.stdout.length).to.equal(100000)
    expect(proc.stderr).to.equal("bye\n")
    expect(proc.running).to.equal(false)
  })
})

describe("startModule @process", () => {
  it("forks a JavaScript module", async () => {
    const pong = await startModule(fixture("pong.js"), [], { ready: /listening on/ })
    expect(pong.child.connected).to.equal(true)
  })

  it("forks a TypeScript module through ts-node with an IPC channel", async () => {
    const echo = await startModule("test/fixtures/processes/echo.ts", [], { ready: /ready (\d+)/ })
    const reply = new Promise((resolve) => echo.child.once("message", resolve))
    echo.child.send({ hello: 1 })
    expect(await reply).to.deep.equal({ echo: { hello: 1 }, pid: echo.pid })
  })

  it("finds a module without its extension", async () => {
    const echo = await startModule("test/fixtures/processes/echo", [], { ready: /ready/ })
    expect(echo.stdout).to.equal(`ready ${echo.pid}\n`)
  })
})

describe("waitForOutput @process", () => {
  it("finds output printed before it was called, and returns the match", async () => {
    const proc = await startProcess("node", [fixture("crasher.js"), "--after", "60000"], {
      ready: /started/,
    })
    const match = await proc.waitForOutput(/sta(r)ted/)
    expect([...match]).to.deep.equal(["started", "r"])
  })

  it("finds output printed after it was called, on stderr too", async () => {
    const proc = await startProcess(
      "node",
      ["-e", "process.stdin.once('data', () => console.error('got it'))"],
      {
        failOnExit: false,
      },
    )
    const waiting = proc.waitForOutput("got it")
    proc.child.stdin!.write("go\n")
    expect((await waiting)[0]).to.equal("got it")
  })

  it("times out with the output so far", async () => {
    const proc = await startProcess("node", [fixture("crasher.js"), "--after", "60000"], {
      ready: /started/,
    })
    const err = await proc.waitForOutput(/never/, { timeout: 50 }).catch((e: Error) => e)
    expect(err).to.be.instanceOf(TimeoutError)
    expect((err as Error).message).to.equal(
      `zmq-harness: waitForOutput timed out: expected output matching /never/ from process "${commandLine("node", [fixture("crasher.js"), "--after", "60000"])}" (pid ${proc.pid}), ` +
        "got none after 50 ms. Check the pattern against the output below, or give it more time with `{ timeout }`.\n\n" +
        "Its stdout (last 20 lines):\n  started\nIts stderr (last 20 lines):\n  (none)",
    )
    expect((err as Error).stack).to.include("start.test.ts")
  })

  it("fails at once when the process ended without printing it", async () => {
    const proc = await startProcess("node", ["-e", "console.log('done')"], { failOnExit: false })
    await proc.exited
    const err = await proc.waitForOutput(/never/).catch((e: Error) => e)
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect((err as Error).message).to.match(
      /^zmq-harness: expected output matching \/never\/ from process "node -e .*" \(pid \d+\), got none before it ended with exit code 0 after \d+ ms\. No more output can come\./,
    )
  })
})
