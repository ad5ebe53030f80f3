import { expect } from "chai"
import { explore, ExploreFailedError, faultyLink, socket } from "../../lib"
import { rejection } from "../helpers/rejection"
import { cloneRun } from "./clone"

/**
 * Two failures agree: the same seed, found at the same run, and the same order as far as both
 * went (a run ends when its body fails; on a loaded machine the schedule may release one more
 * message, in arrival order, before the body sees its failure).
 */
function expectAgree(a: Error, b: Error, what: string): void {
  expect(b, what).to.be.instanceOf(ExploreFailedError)
  const x = a as ExploreFailedError
  const y = b as ExploreFailedError
  expect(y.seed, what).to.equal(x.seed)
  expect(y.foundAt, what).to.equal(x.foundAt)
  expect(y.reorderings, what).to.equal(x.reorderings)
  const n = Math.min(x.order.length, y.order.length)
  expect(n, what).to.be.at.least(3)
  expect(y.order.slice(0, n), what).to.deep.equal(x.order.slice(0, n))
}

describe("explore() determinism", function () {
  this.timeout(120_000)

  it("gives the same order and result for the same seed, 20 times in 20", async () => {
    const body = (run: Parameters<Parameters<typeof explore>[1]>[0]) =>
      cloneRun(run, "buggy", "in-process")
    const first = await rejection(() => explore({ runs: 30, seed: 11 }, body))
    expect(first).to.be.instanceOf(ExploreFailedError)
    const { seed } = first as ExploreFailedError
    // The reported seed replays the order: one run each, the same order and failure each time.
    for (let i = 1; i <= 20; i++) {
      const again = await rejection(() => explore({ runs: 30, seed }, body))
      expectAgree(first, again, `replay ${i}`)
      expect((again as ExploreFailedError).runs, `replay ${i}`).to.equal(1)
    }
    // The whole search from the exploration's seed: the same runs, the same smallest order.
    for (let i = 2; i <= 4; i++) {
      expectAgree(
        first,
        await rejection(() => explore({ runs: 30, seed: 11 }, body)),
        `search ${i}`,
      )
    }
  })

  it("passes the same runs of the fixed variant with the same seed", async () => {
    const a = await explore({ runs: 12, seed: 3 }, (run) => cloneRun(run, "fixed", "in-process"))
    const b = await explore({ runs: 12, seed: 3 }, (run) => cloneRun(run, "fixed", "in-process"))
    const { ms: _a, ...first } = a
    const { ms: _b, ...second } = b
    expect(first).to.deep.include({ seed: "3", runs: 12, stoppedBy: "runs" })
    expect(second).to.deep.equal(first)
  })

  it("says when time decides part of the order: a message sent after a timer comes late", async () => {
    const result = await explore({ runs: 2, seed: 1 }, async (run) => {
      const pull = await socket("pull", { bind: "tcp://127.0.0.1:*" })
      const link = await faultyLink({ target: pull.endpoint, schedule: run })
      const push = await socket("push", { connect: link.endpoint })
      await push.send(["now"])
      await expect(pull).to.receive([["now"]])
      await new Promise((resolve) => setTimeout(resolve, 100)) // the program's own timer
      await push.send(["later"])
      await expect(pull).to.receive([["later"]])
    })
    expect(result.late).to.deep.equal({ runs: 2, messages: 2 })
    const clone = await explore({ runs: 5, seed: 1 }, (run) => cloneRun(run, "fixed", "in-process"))
    expect(clone.late).to.deep.equal({ runs: 0, messages: 0 })
  })
})
