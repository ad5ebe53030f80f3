import { expect } from "chai"
import * as path from "node:path"
import {
  explore,
  ExploreFailedError,
  faultyLink,
  freePort,
  ProcessExitedError,
  socket,
  startModule,
  UnawaitedAssertionError,
  type ExploreRun,
  type ProcessHandle,
} from "../../lib"
import { currentScope } from "../../lib/core/ownership"
import { rejection } from "../helpers/rejection"

const pong = path.join(__dirname, "../fixtures/processes/pong.js")
const crasher = path.join(__dirname, "../fixtures/processes/crasher.js")

describe("explore() runs own what they make @process", function () {
  this.timeout(60_000)

  it("closes each run's processes, sockets and links before the next run starts", async () => {
    // The same fixed ports in every run: a bind fails unless the last run's holder is gone.
    const appPort = await freePort()
    const linkPort = await freePort()
    const app = `tcp://127.0.0.1:${appPort}`
    const processes: ProcessHandle[] = []
    let runs = 0
    await explore({ runs: 4, seed: 1 }, async (run) => {
      runs++
      for (const earlier of processes) {
        expect(earlier.pid, "an earlier run's process still runs").to.satisfy(gone)
      }
      const proc = await startModule(pong, ["--port", String(appPort)], { ready: app })
      processes.push(proc)
      const link = await faultyLink({
        target: app,
        listen: `tcp://127.0.0.1:${linkPort}`,
        schedule: run,
      })
      const req = await socket("req", { connect: link.endpoint, timeout: 3000 })
      await req.send(["ping", run.index])
      await expect(req).to.receive([["pong", run.index]])
    })
    expect(runs).to.equal(4)
    expect(processes.every((p) => gone(p.pid))).to.equal(true)
  })

  it("gives back ownership to the test: what is made after explore() belongs to the test", async () => {
    const test = currentScope()
    let inRun: unknown
    await explore({ runs: 1, seed: 1 }, async () => {
      inRun = currentScope()
    })
    expect(inRun).to.not.equal(test)
    expect(currentScope()).to.equal(test)
  })

  it("fails a run with the crash of a process it started (the crash rule)", async () => {
    const err = await rejection(() =>
      explore({ runs: 3, seed: 1 }, async () => {
        const proc = await startModule(crasher, ["--after", "50"])
        await proc.waitForOutput(/never printed/, { timeout: 5000 })
      }),
    )
    expect(err).to.be.instanceOf(ExploreFailedError)
    expect((err as ExploreFailedError).cause).to.be.instanceOf(ProcessExitedError)
    expect((err as ExploreFailedError).foundAt).to.equal(1)
  })

  it("fails a run that leaves a receive assertion unawaited", async () => {
    const err = await rejection(() =>
      explore({ runs: 3, seed: 1 }, async (run: ExploreRun) => {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        await faultyLink({ target: rep.endpoint, schedule: run })
        void expect(rep).to.receiveNothing({ timeout: 10 })
      }),
    )
    expect((err as ExploreFailedError).cause).to.be.instanceOf(UnawaitedAssertionError)
  })

  it("stops at once with the crash of the test's own process: no order is to blame", async () => {
    const proc = await startModule(crasher, ["--after", "300"])
    const err = await rejection(() =>
      explore({ runs: 100, seed: 1 }, async (run) => {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        await faultyLink({ target: rep.endpoint, schedule: run })
        await new Promise((resolve) => setTimeout(resolve, 50))
      }),
    )
    expect(err).to.be.instanceOf(ProcessExitedError)
    await proc.exited
  })

  it("refuses a link made with a run that has ended", async () => {
    let kept: ExploreRun | undefined
    await explore({ runs: 1, seed: 1 }, async (run) => {
      kept = run
    })
    const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
    const err = await rejection(() => faultyLink({ target: rep.endpoint, schedule: kept }))
    expect(err.message).to.equal(
      "zmq-harness: expected `faultyLink({ schedule })` to be the run that makes the link, got run 1, which has ended. " +
        "Make the links of a run inside its body, with that run's `run`.",
    )
  })
})

/** True when no process has this pid any more. */
function gone(pid: number | undefined): boolean {
  try {
    process.kill(pid!, 0)
    return false
  } catch {
    return true
  }
}
