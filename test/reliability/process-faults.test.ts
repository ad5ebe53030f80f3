import { expect } from "chai"
import {
  NotReadyError,
  ProcessExitedError,
  socket,
  startProcess,
  TimeoutError,
  type ProcessHandle,
} from "../../lib"
import { freePort } from "../helpers/ports"
import { fixture, portOf, tearDownAndCheck, timed } from "./support"

const node = process.execPath

/** Starts a fixture that prints "listening on <endpoint>"; returns it and the endpoint. */
async function listening(name: string, args: string[] = [], options = {}) {
  const proc = await startProcess(node, [fixture(name), ...args], {
    ready: /listening on \S+/,
    ...options,
  })
  const [, endpoint] = await proc.waitForOutput(/listening on (\S+)/)
  return { proc, endpoint }
}

describe("faults of processes under test @process", function () {
  this.timeout(10000)

  it("a silent peer: the receive fails after its bound, naming the socket, the transcript and the process", async () => {
    const { proc, endpoint } = await listening("processes/silent.js")
    const req = await socket("req", { connect: endpoint, timeout: 300 })
    await req.send(["ping", 1])
    const { ms, error } = await timed(req.recv())
    expect(error).to.be.instanceOf(TimeoutError)
    expect((error as TimeoutError).code).to.equal("ERR_ZMQH_TIMEOUT")
    expect(error!.message).to.match(
      new RegExp(
        `^zmq-harness: receive timed out: expected a message on req socket \\(connect ${endpoint}\\), got nothing after 300 ms\\. `,
      ),
    )
    expect(error!.message).to.match(/\n {2}\s*\+\d+\.\dms {2}sent {6}\[\["ping",1\]\]/)
    expect(error!.message).to.include(`Processes of this test:\n  ${proc.name}: running for`)
    expect(error!.message).to.include('got ["ping",1] and says nothing')
    expect(error!.stack).to.include("process-faults.test.ts")
    expect(ms).to.be.within(290, 2000)
    await tearDownAndCheck({ pids: [proc.pid], ports: [portOf(endpoint)] })
  })

  it("a process that crashes mid-conversation fails the pending receive at once with its exit status and stderr", async () => {
    const { proc, endpoint } = await listening("flaky-pong.js", ["--answers", "1"])
    const req = await socket("req", { connect: endpoint, timeout: 5000 })
    await req.send(["ping", 1])
    await expect(req).to.receive([["pong", 1]])
    await req.send(["ping", 2])
    const { ms, error } = await timed(req.recv())
    expect(error).to.be.instanceOf(ProcessExitedError)
    expect((error as ProcessExitedError).code).to.equal("ERR_ZMQH_PROCESS_EXITED")
    expect((error as ProcessExitedError).status).to.deep.equal({ code: 5, signal: null })
    expect(error!.message).to.match(
      new RegExp(
        `^zmq-harness: expected process "\\S+ \\S+flaky-pong\\.js --answers 1" \\(pid ${proc.pid}\\) to keep running, got exit code 5 after \\d+ ms\\. `,
      ),
    )
    expect(error!.message).to.include(
      "stderr:\n  request 2: out of answers\n  fatal: flaky-pong gave up",
    )
    expect(ms).to.be.below(2000) // far below the receive's own 5000 ms bound
    await tearDownAndCheck({ pids: [proc.pid], ports: [portOf(endpoint)] })
  })

  it("a process that ignores SIGINT is killed with SIGKILL once the grace runs out", async () => {
    const proc = await startProcess(node, [fixture("processes/stubborn.js")], {
      ready: /ignoring signals/,
      stop: { signal: "SIGINT" },
      grace: 300,
    })
    const { ms, value } = await timed(proc.stop())
    expect(value).to.deep.equal({ code: null, signal: "SIGKILL" })
    expect(ms).to.be.within(290, 2000)
    expect(proc.stdout).to.include("ignoring SIGINT")
    await tearDownAndCheck({ pids: [proc.pid] })
  })

  it("a process that ignores SIGINT and is left to the teardown is killed too", async () => {
    const proc = await startProcess(node, [fixture("processes/stubborn.js")], {
      ready: /ignoring signals/,
      stop: { signal: "SIGINT" },
      grace: 200,
    })
    const { ms } = await timed(tearDownAndCheck({ pids: [proc.pid] }))
    expect(ms).to.be.at.least(190)
    expect(await proc.exited).to.deep.equal({ code: null, signal: "SIGKILL" })
  })

  describe("a paused (SIGSTOP) process", () => {
    let proc: ProcessHandle
    let endpoint: string

    beforeEach(async () => {
      ;({ proc, endpoint } = await listening("processes/pong.js"))
      proc.pause()
    })

    it("a receive from it times out, and the error says it is paused", async () => {
      const req = await socket("req", { connect: endpoint, timeout: 300 })
      await req.send(["ping", 1])
      const { error } = await timed(req.recv())
      expect(error).to.be.instanceOf(TimeoutError)
      expect(error!.message).to.match(/^zmq-harness: receive timed out: .* after 300 ms\. /)
      expect(error!.message).to.include(`${proc.name}: paused for`)
      await tearDownAndCheck({ pids: [proc.pid], ports: [portOf(endpoint)] })
    })

    it("waitForOutput on it times out with the output so far", async () => {
      const { error } = await timed(proc.waitForOutput(/never printed/, { timeout: 200 }))
      expect(error).to.be.instanceOf(TimeoutError)
      expect((error as TimeoutError).code).to.equal("ERR_ZMQH_TIMEOUT")
      expect(error!.message).to.include(
        `waitForOutput timed out: expected output matching /never printed/ from ${proc.name}, got none after 200 ms.`,
      )
      expect(error!.message).to.include("listening on tcp://127.0.0.1:")
      await tearDownAndCheck({ pids: [proc.pid], ports: [portOf(endpoint)] })
    })
  })

  it("a paused process that also ignores signals is still killed by the teardown", async () => {
    const proc = await startProcess(node, [fixture("processes/stubborn.js")], {
      ready: /ignoring signals/,
      grace: 200,
    })
    proc.pause()
    await tearDownAndCheck({ pids: [proc.pid] })
    expect(await proc.exited).to.deep.equal({ code: null, signal: "SIGKILL" })
  })

  it("a process never ready: NotReadyError after readyTimeout, with its output, and it is killed", async () => {
    const { ms, error } = await timed(
      startProcess(node, [fixture("idle.js")], { ready: /listening/, readyTimeout: 300 }),
    )
    expect(error).to.be.instanceOf(NotReadyError)
    expect((error as NotReadyError).code).to.equal("ERR_ZMQH_NOT_READY")
    expect(error!.message).to.match(
      /^zmq-harness: expected process "\S+ \S+idle\.js" \(pid \d+\) to become ready \(output matching \/listening\/\) within 300 ms, got /,
    )
    const pid = Number(/ready (\d+)/.exec(error!.message)?.[1])
    expect(pid).to.be.above(0)
    expect(ms).to.be.within(290, 3000)
    await tearDownAndCheck({ pids: [pid] })
  })

  it("a process never ready on its endpoint: NotReadyError naming the endpoint", async () => {
    const port = await freePort() // nobody listens there
    const { error } = await timed(
      startProcess(node, [fixture("idle.js")], {
        ready: `tcp://127.0.0.1:${port}`,
        readyTimeout: 300,
      }),
    )
    expect(error).to.be.instanceOf(NotReadyError)
    expect(error!.message).to.include(`tcp://127.0.0.1:${port}`)
    const pid = Number(/ready (\d+)/.exec(error!.message)?.[1])
    await tearDownAndCheck({ pids: [pid] })
  })
})
