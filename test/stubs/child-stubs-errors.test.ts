import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  codes,
  runProgram,
  startModule,
  startProcess,
  TimeoutError,
  UsageError,
  ZmqHarnessError,
} from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { hangReport } from "../../lib/core/hang-report"
import { prepareStubs, stubsNeedIpcError } from "../../lib/stubs"

const FIXTURES = path.resolve("test/fixtures/stubs")
const fixture = (name: string) => `test/fixtures/stubs/${name}`

async function rejection<E extends Error>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => expect.fail("expected a rejection, got a resolution"),
    (err: unknown) => err as E,
  )
}

/** Masks what varies between runs: times, and the "+N ms" at which a module was loaded. */
function masked(text: string): string {
  return text.replace(/\+\d+ ms/g, "+N ms").replace(/running for \d+ ms/g, "running for N ms")
}

const HOW_TO_NAME =
  'Name one of its exports in the stub (use "default" for a default export or for module.exports itself).'

describe("child stubs, bad input and failures @process", () => {
  it("lists what a CommonJS module exports when the export is not there", async () => {
    const a = await startModule(fixture("a.js"), [], {
      stubs: [{ module: "./b", export: "C" }],
      failOnExit: false,
    })
    const err = await rejection<ZmqHarnessError>(a.stub("./b", "C").constructed())
    expect(err.code).to.equal(codes.STUB)
    expect(err.message).to.equal(
      `zmq-harness: expected "./b" to export C, got a module that exports: B, helper. ${HOW_TO_NAME}`,
    )
    // The application cannot run without it: it fails at its import.
    expect((await a.exited).code).to.equal(1)
    expect(a.stderr).to.include('expected "./b" to export C')
  })

  it("lists what an ES module exports when the export is not there", async () => {
    const a = await startModule(fixture("a.mjs"), [], {
      stubs: [{ module: "./b.mjs", export: "C" }],
      failOnExit: false,
    })
    const err = await rejection<ZmqHarnessError>(a.stub("./b.mjs", "C").constructed())
    expect(err.message).to.equal(
      `zmq-harness: expected "./b.mjs" to export C, got a module that exports: B, version. ${HOW_TO_NAME}`,
    )
  })

  it("says where it looked when the module cannot be resolved from the application", async () => {
    const err = await rejection<UsageError>(
      startModule(fixture("a.js"), [], { stubs: [{ module: "./c", export: "B" }] }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.equal(
      `zmq-harness: expected stub module "./c" to resolve from ${fs.realpathSync(FIXTURES)} (the started module's folder), ` +
        "got no such file (tried ./c as a file, with .js .json .ts .tsx .cjs .mjs .cts .mts, and as a folder with an index file). " +
        'Write the specifier as the started module imports it ("./b"), or a package name.',
    )
    expect(err.stack).to.include("child-stubs-errors.test.ts")
    expect(() =>
      prepareStubs([{ module: "no-such-package", export: "B" }], path.join(FIXTURES, "a.js")),
    ).to.throw(
      UsageError,
      "got no such file (tried node_modules/no-such-package in that folder and its parents)",
    )
  })

  it("resolves a package name as the application would require it", () => {
    const { env } = prepareStubs(
      [{ module: "zeromq", export: "Pair" }],
      path.join(FIXTURES, "a.js"),
    )
    const config = JSON.parse(env.ZMQ_HARNESS_STUBS) as { targets: Array<{ filename: string }> }
    expect(config.targets[0].filename).to.equal(fs.realpathSync(require.resolve("zeromq")))
  })

  it("rejects a stubs option that is not { module, export }", () => {
    expect(() => prepareStubs([{ module: "./b" } as never], "a.js")).to.throw(
      UsageError,
      'zmq-harness: expected stubs[0] to be { module, export }, got export undefined. Name the export to replace ("B", or "default").',
    )
    expect(() => prepareStubs([{ module: "node:fs", export: "readFile" }], "a.js")).to.throw(
      UsageError,
      'got the Node built-in "node:fs"',
    )
  })

  it("names the stub and the process, with its output, when nothing constructs it in time", async () => {
    const a = await startModule(fixture("a-idle.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
      ready: /a-idle: loaded b/,
    })
    const err = await rejection<TimeoutError>(a.stub("./b", "B").constructed({ timeout: 100 }))
    expect(err).to.be.instanceOf(TimeoutError)
    expect(err.code).to.equal(codes.TIMEOUT)
    expect(masked(err.message)).to.equal(
      `zmq-harness: expected stub B of "./b" to be constructed by process "test/fixtures/stubs/a-idle.js" (pid ${a.pid}), ` +
        'got no construction after 100 ms ("./b" was loaded at +N ms but B was never constructed). ' +
        "Check that the code under test reaches the construction, or give it more time with { timeout }.\n\n" +
        "Processes of this test:\n" +
        `  process "test/fixtures/stubs/a-idle.js" (pid ${a.pid}): running for N ms\n` +
        "    stdout (last 5 lines):\n" +
        "      a-idle: loaded b; stubs env removed\n" +
        "    stderr (last 5 lines):\n" +
        "      (none)",
    )
    expect(err.stack).to.include("child-stubs-errors.test.ts")
  })

  it("shows a pending wait in the hang report", async () => {
    const a = await startModule(fixture("a-idle.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
      ready: /a-idle: loaded b/,
    })
    const wait = a.stub("./b", "B").constructed({ timeout: 3000 })
    wait.catch(() => undefined) // ends when the process is stopped
    expect(masked(hangReport([currentScope()]))).to.include(
      '\n  stub B of "./b": constructed() waiting for ',
    )
    await a.stop()
    expect(await rejection(wait)).to.be.instanceOf(ZmqHarnessError)
    expect(hangReport([currentScope()])).to.not.include("constructed() waiting")
  })

  it("says when the process never loaded the module", async () => {
    const a = await startModule(fixture("a-never-loads.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
      ready: /a-never-loads: up/,
    })
    const err = await rejection<TimeoutError>(a.stub("./b", "B").constructed({ timeout: 50 }))
    expect(err.message).to.include('after 50 ms ("./b" was never loaded)')
  })

  it("fails at once when the process ends without constructing it", async () => {
    const a = await startModule(fixture("a-quits.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
    })
    const started = Date.now()
    const err = await rejection<ZmqHarnessError>(a.stub("./b", "B").constructed({ timeout: 8000 }))
    expect(Date.now() - started).to.be.below(5000)
    expect(err.code).to.equal(codes.PROCESS_EXITED)
    expect(masked(err.message)).to.match(
      new RegExp(
        '^zmq-harness: expected stub B of "\\./b" to be constructed by process "test/fixtures/stubs/a-quits\\.js" ' +
          `\\(pid ${a.pid}\\), got the process's exit with code 0 first ` +
          '\\("\\./b" was loaded at \\+N ms but B was never constructed\\)\\. Its output tells why\\.\n\n' +
          "Processes of this test:\n" +
          '  process "test/fixtures/stubs/a-quits\\.js" \\(pid \\d+\\): exited with exit code 0',
      ),
    )
  })

  it("fails the wait at once when the process crashes (the crash rule)", async () => {
    const a = await startModule(fixture("a-idle.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
      ready: /a-idle: loaded b/,
    })
    const started = Date.now()
    const wait = a.stub("./b", "B").constructed({ timeout: 8000 })
    process.kill(a.pid, "SIGKILL") // not through the handle: the harness sees a crash
    const err = await rejection<ZmqHarnessError>(wait)
    expect(Date.now() - started).to.be.below(2000)
    expect(err.code).to.equal(codes.PROCESS_EXITED)
    expect(err.message).to.include("signal SIGKILL")
  })

  it("suggests the right name for a stub the process was not started with", async () => {
    const a = await startModule(fixture("a-idle.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
    })
    expect(() => a.stub("./b", "b")).to.throw(
      UsageError,
      'zmq-harness: expected one of the stubs the process was started with, got stub("./b", "b"). ' +
        'It has: { module: "./b", export: "B" }. Perhaps you meant "B"? Add it to the stubs option to replace it.',
    )
  })

  it("rejects a timeout that is not a positive number", async () => {
    const a = await startModule(fixture("a-idle.js"), [], {
      stubs: [{ module: "./b", export: "B" }],
    })
    const err = await rejection<UsageError>(a.stub("./b", "B").constructed({ timeout: -1 }))
    expect(err.message).to.equal(
      "zmq-harness: expected `constructed({ timeout })` to be a number of milliseconds from 1 to 2147483647, " +
        "got -1: a negative duration (zeromq would read -1 as forever). Give a finite bound, e.g. 1000.",
    )
  })

  it("refuses stubs on a process started without an IPC channel", async () => {
    const err = await rejection<UsageError>(
      startProcess("node", [fixture("a-idle.js")], { stubs: [{ module: "./b", export: "B" }] }),
    )
    expect(err).to.be.instanceOf(UsageError)
    expect(err.message).to.include("startModule")
  })

  it("gives the launcher an error for stubs on a process without IPC", () => {
    const err = stubsNeedIpcError()
    expect(err).to.be.instanceOf(UsageError)
    expect(err.code).to.equal(codes.STUB)
    expect(err.message).to.equal(
      "zmq-harness: expected a process with an IPC channel for stubs, got one started without it. " +
        "Start the module with startModule (it always has one), or drop the stubs option.",
    )
  })

  it("stops a child without an IPC channel before the application runs", async () => {
    const modulePath = path.join(FIXTURES, "a-idle.js")
    const { execArgv, env } = prepareStubs([{ module: "./b", export: "B" }], modulePath)
    const run = await runProgram(process.execPath, [...execArgv, modulePath], {
      env,
      timeout: 5000,
    })
    expect(run.code).to.equal(1)
    expect(run.stdout).to.equal("")
    expect(run.stderr).to.include(
      "zmq-harness: expected an IPC channel to report stub calls on, got a process without one. " +
        "Start the module with startModule (it always has one), or drop the stubs option.",
    )
  })
})
