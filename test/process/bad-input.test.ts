import { expect } from "chai"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  NotReadyError,
  ProcessExitedError,
  ProcessNotFoundError,
  StopError,
  socket,
  startModule,
  startProcess,
  UsageError,
} from "../../lib"
import { liveTrees } from "../../lib/process/tree"
import { currentScope } from "../../lib/core/ownership"

const fixture = (name: string) => path.join(__dirname, "../fixtures/processes", name)

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (err: Error) => err,
  )
  if (!outcome) throw new Error("expected a rejection, got a resolved promise")
  return outcome
}

describe("bad input to startProcess and startModule @process", () => {
  it("a program that does not exist", async () => {
    const err = await failure(startProcess("zmqh-no-such-program", ["--port", "1"]))
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.message).to.equal(
      'zmq-harness: expected a program "zmqh-no-such-program" to start, got ENOENT: no program of that name in PATH ' +
        `(${process.env.PATH}). Check the spelling, give its path, or add its folder to PATH.`,
    )
    expect((err as ProcessNotFoundError).code).to.equal("ERR_ZMQH_PROCESS_NOT_FOUND")
    expect((err as ProcessNotFoundError).command).to.equal("zmqh-no-such-program")
    expect(err.stack).to.include("bad-input.test.ts")
  })

  it("a missing command, and arguments that are not a list of strings", async () => {
    const command = await failure(startProcess(""))
    expect(command).to.be.instanceOf(UsageError)
    expect(command.message).to.equal(
      'zmq-harness: expected startProcess(command, args, options) to get a program name or path, got "".',
    )
    const args = await failure(startModule(fixture("pong.js"), "--port" as unknown as string[]))
    expect(args).to.be.instanceOf(UsageError)
    expect(args.message).to.equal(
      `zmq-harness: expected the arguments of startModule("${fixture("pong.js")}", …) as a list of strings, got "--port". ` +
        'No shell is used: pass each argument as its own string, e.g. ["--port", String(port)].',
    )
  })

  it("a command line given as one string", async () => {
    const err = await failure(startProcess("node pong.js"))
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.message).to.include('"node pong.js" to start, got ENOENT')
    expect(err.message).to.match(
      /\. No shell is used: give the program alone, and its arguments as a list: startProcess\("node", \["pong\.js"\]\)\.$/,
    )
  })

  it("a working directory that does not exist", async () => {
    const err = await failure(startProcess("node", [], { cwd: "/no/such/dir" }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      'zmq-harness: expected { cwd } of startProcess("node") to be an existing folder, got /no/such/dir, which does not exist. Create it or fix the path.',
    )
  })

  it("a working directory that is a file", async () => {
    const file = fixture("pong.js")
    const err = await failure(startProcess("node", [], { cwd: file }))
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      `zmq-harness: expected { cwd } of startProcess("node") to be an existing folder, got ${file}, which is not a folder. Create it or fix the path.`,
    )
  })

  it("a file that is not executable: the advice shows the startProcess call to write", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqh-bad-input-"))
    try {
      const file = path.join(dir, "tool.js")
      fs.writeFileSync(file, "console.log('hi')\n", { mode: 0o644 })
      const err = await failure(startProcess(file))
      expect(err).to.be.instanceOf(ProcessNotFoundError)
      expect(err.message).to.equal(
        `zmq-harness: expected a program "${file}" to start, got EACCES: it is not executable. ` +
          `Make it executable (chmod +x), or run it through its interpreter: startProcess("node", ["${file}"]).`,
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it("a module path that does not exist", async () => {
    const err = await failure(startModule("test/fixtures/processes/nope.ts"))
    expect(err).to.be.instanceOf(ProcessNotFoundError)
    expect(err.message).to.match(
      /^zmq-harness: expected a module at "test\/fixtures\/processes\/nope.ts" to start, got no such file \(looked for \S+nope.ts with .ts, .js, .mts, .mjs, .cts, .cjs, \/index.ts, \/index.js\)\. Module paths are relative to the working directory \(\S+\); check the path\.$/,
    )
  })

  it("a process that exits before it is ready", async () => {
    const err = await failure(startProcess("node", [fixture("crasher.js")], { ready: /listening/ }))
    expect(err).to.be.instanceOf(ProcessExitedError)
    expect((err as ProcessExitedError).status).to.deep.equal({ code: 3, signal: null })
    expect(err.message).to.match(
      /^zmq-harness: expected process "node \S+crasher.js" \(pid \d+\) to become ready \(output matching \/listening\/\), got exit code 3 after \d+ ms, before it was ready\. Its output tells why\.\n\nIts stdout \(last 20 lines\):\n {2}started\nIts stderr \(last 20 lines\):\n {2}stderr line 7\n/,
    )
    expect(err.message).to.match(/ {2}fatal: the crasher crashed$/)
    expect(currentScope().failed).to.equal(undefined) // the start failed; the test's other waits go on
  })

  it("a ready pattern that never shows", async () => {
    const err = await failure(
      startProcess("node", [fixture("pong.js")], { ready: /ready to serve/, readyTimeout: 1500 }),
    )
    expect(err).to.be.instanceOf(NotReadyError)
    expect((err as NotReadyError).code).to.equal("ERR_ZMQH_NOT_READY")
    expect(err.message).to.match(
      /^zmq-harness: expected process "node \S+pong.js" \(pid \d+\) to become ready \(output matching \/ready to serve\/\) within 1500 ms, got no matching output\. Check the condition against the output below, or give it more time with `\{ readyTimeout \}`\.\n\nIts stdout \(last 20 lines\):\n {2}listening on tcp:\/\/127\.0\.0\.1:\d+\nIts stderr \(last 20 lines\):\n {2}\(none\)$/,
    )
    expect(liveTrees()).to.equal(0) // the process was killed, not left behind
  })

  it("an endpoint that never accepts a connection", async () => {
    const err = await failure(
      startProcess("node", [fixture("pong.js")], {
        ready: "tcp://127.0.0.1:47603",
        readyTimeout: 150,
      }),
    )
    expect(err).to.be.instanceOf(NotReadyError)
    expect(err.message).to.include(
      "to become ready (a connection to tcp://127.0.0.1:47603) within 150 ms, got no connection (last attempt: ECONNREFUSED).",
    )
  })

  it("a ready endpoint with a random port", async () => {
    const err = await failure(
      startProcess("node", [fixture("pong.js")], { ready: "tcp://127.0.0.1:*" }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.include('got "tcp://127.0.0.1:*". A random port cannot be probed')
    expect(liveTrees()).to.equal(0) // nothing was started
  })

  it("a ready function that does not settle in time", async () => {
    const err = await failure(
      startProcess("node", [fixture("pong.js")], {
        ready: () => new Promise(() => undefined),
        readyTimeout: 100,
      }),
    )
    expect(err).to.be.instanceOf(NotReadyError)
    expect(err.message).to.match(
      /to become ready \(its ready function to resolve\) within 100 ms, got no result\./,
    )
    expect(liveTrees()).to.equal(0)
  })

  it("a ready function that throws", async () => {
    const err = await failure(
      startProcess("node", [fixture("pong.js")], {
        ready: () => {
          throw new Error("not today")
        },
      }),
    )
    expect(err.message).to.match(
      /^zmq-harness: expected the ready function of process "node \S+pong.js" \(pid \d+\) to resolve, got an error: not today$/,
    )
  })

  it("a stop message through a socket that cannot send", async () => {
    const sub = await socket("sub", { connect: "tcp://127.0.0.1:47609" })
    const err = await failure(
      startProcess("node", [fixture("pong.js")], {
        stop: { send: [sub, ["plzdiekthxbye", null]] },
      }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      "zmq-harness: expected `stop.send` to use a socket that can send, got sub socket (connect tcp://127.0.0.1:47609): " +
        "a sub socket cannot send; use xsub to send subscriptions by hand, or a pub socket to publish.",
    )
  })

  it("a stop message through a socket that was closed: stop() falls back to SIGTERM and says why", async () => {
    const req = await socket("req", { connect: "tcp://127.0.0.1:47605" })
    const proc = await startProcess("node", [fixture("pong.js"), "--port", "47605"], {
      ready: /listening/,
      stop: { send: [req, ["plzdiekthxbye", null]] },
    })
    await req.close()
    const err = await failure(proc.stop())
    expect(err).to.be.instanceOf(StopError)
    expect(err.message).to.match(
      /^zmq-harness: expected the stop message of process "node \S+pong.js --port 47605" \(pid \d+\) to go out through req socket \(connect tcp:\/\/127\.0\.0\.1:47605\), got: .*closed.* It was sent SIGTERM instead\. /,
    )
    expect(await proc.exited).to.deep.equal({ code: null, signal: "SIGTERM" })
  })

  it("an unknown option", async () => {
    const err = await failure(startProcess("node", [], { readyTimout: 5 } as never))
    expect(err.message).to.equal(
      "zmq-harness: expected options among cwd, env, ready, readyTimeout, stop, grace, stubs, failOnExit, loader, execArgv, got an unknown option `readyTimout`.",
    )
  })
})
