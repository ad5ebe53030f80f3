import { expect } from "chai"
import {
  explore,
  ExploreFailedError,
  faultyLink,
  peer,
  socket,
  TimeoutError,
  type ExploreRun,
} from "../../lib"
import { rejection } from "../helpers/rejection"
import { cloneRun } from "./clone"

/** A publisher on a 5 ms timer behind a scheduled link: the link is never quiet for 50 ms. */
async function flood(run: ExploreRun): Promise<void> {
  const pub = await peer("pub", { bind: "tcp://127.0.0.1:*" })
  const link = await faultyLink({ target: pub.endpoint, schedule: run, name: "ticks" })
  const sub = await socket("sub", { connect: link.endpoint, subscribe: "" })
  await pub.subscribed()
  void pub.publish(["tick"], { every: 5, count: 400 }).catch(() => undefined)
  await sub.recv({ timeout: 5000 })
}

describe("explore() bounds", function () {
  this.timeout(30_000)

  it("fails a run that never ends within its bound, listing what its links held", async () => {
    const err = await rejection(() =>
      explore({ runs: 1, seed: 1, quiet: 50, runTimeout: 400, shrinks: 0 }, flood),
    )
    expect(err).to.be.instanceOf(ExploreFailedError)
    const cause = (err as ExploreFailedError).cause as TimeoutError
    expect(cause).to.be.instanceOf(TimeoutError)
    expect(cause.message).to.match(
      /^zmq-harness: expected explore\(\) run \d to end within 400 ms \(runTimeout\), got a run still going\. Held on its links, never released:\n {2}ticks downstream \["tick"\]\n/,
    )
    expect(cause.message).to.match(/\n {2}… and \d+ more\n/)
    expect(cause.message).to.include(
      "The links were never quiet long enough to choose the next message (a program that sends on a timer faster than `quiet`?)",
    )
    expect(cause.message).to.include("What the run's resources were doing:")
    expect((err as ExploreFailedError).message).to.include("(no message was released)")
  })

  it("fails a run whose body waits for what no message brings, saying nothing was held", async () => {
    const err = await rejection(() =>
      explore({ runs: 1, seed: 1, runTimeout: 200 }, async (run) => {
        const rep = await socket("rep", { bind: "tcp://127.0.0.1:*" })
        await faultyLink({ target: rep.endpoint, schedule: run })
        await new Promise(() => undefined) // a promise of the body's own that never settles
      }),
    )
    const cause = (err as ExploreFailedError).cause as TimeoutError
    expect(cause.message).to.include(
      "Nothing was held on its links: the body waits for something no message brings (a lost request?).",
    )
  })

  it("stops at its time budget, saying so", async () => {
    const started = performance.now()
    const result = await explore({ runs: 1000, seed: 2, time: 1000 }, (run) =>
      cloneRun(run, "fixed", "in-process"),
    )
    expect(result.stoppedBy).to.equal("time")
    expect(result.runs).to.be.above(0).and.below(1000)
    expect(performance.now() - started).to.be.below(1000 + 2000) // the last run, then its close
  })

  it("reports the first failing order as it was with shrinks: 0", async () => {
    const err = await rejection(() =>
      explore({ runs: 20, seed: 1, shrinks: 0 }, (run) => cloneRun(run, "buggy", "in-process")),
    )
    expect((err as ExploreFailedError).message).to.include("shrunk in 0 runs")
  })
})
