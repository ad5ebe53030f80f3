import { expect } from "chai"
import { explore, ExploreFailedError, faultyLink, socket, type ExploreRun } from "../../lib"
import { rejection } from "../helpers/rejection"

const NAMES = ["a", "b", "c"] as const

/**
 * Three senders, each behind a scheduled link of its own, to one receiver: a1 a2 a3 on
 * link a, b1 b2 b3 on b, c1 c2 on c, all sent before anything is released. The body fails
 * when c1 comes before a2: most random orders that fail also move b's messages about, which
 * has nothing to do with it.
 */
async function threeSenders(run: ExploreRun): Promise<void> {
  const sink = await socket("pull", { bind: "tcp://127.0.0.1:*" })
  const pushes = []
  for (const name of NAMES) {
    const link = await faultyLink({ target: sink.endpoint, schedule: run, name })
    const push = await socket("push", { connect: link.endpoint })
    await push.connected()
    pushes.push(push)
  }
  for (let i = 1; i <= 3; i++) {
    for (const [k, push] of pushes.entries()) if (k < 2 || i < 3) await push.send(`${NAMES[k]}${i}`)
  }
  const got: unknown[] = []
  for (let i = 0; i < 8; i++) {
    const [message] = await sink.recv()
    got.push(message)
    if (message === "c1") expect(got, "c1 came before a2").to.include("a2")
  }
}

describe("explore() shrinking", function () {
  this.timeout(60_000)

  it("shrinks a failing order to the one reordering that matters, keeping only orders it can force", async () => {
    const err = await rejection(() => explore({ runs: 50, seed: 5, quiet: 10 }, threeSenders))
    expect(err).to.be.instanceOf(ExploreFailedError)
    const failure = err as ExploreFailedError
    console.log(failure.message)
    expect(failure.foundReorderings).to.be.above(1)
    expect(failure.reorderings).to.equal(1)
    expect(failure.order.at(-1)).to.match(
      /^\d\. c upstream \["c1"\]  ← reordered: before a upstream \["a[12]"\]/,
    )
  })
})
