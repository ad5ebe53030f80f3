import { expect } from "chai"
import { explore, ExploreFailedError } from "../../lib"
import { rejection } from "../helpers/rejection"
import { cloneRun, keptClient } from "./clone"

/** The three messages that matter, as the smallest failing order names them. */
const SMALLEST = [
  '1. snapshots upstream [["ICANHAZ?"]]',
  '2. snapshots downstream [["KTHXBAI",2,{"x":2}]]  ← reordered: before updates downstream [[1,"x",1]], which arrival order puts first',
  '3. updates downstream [[1,"x",1]]',
]

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

describe("explore() on a Clone-pattern client (snapshot over ROUTER/DEALER, updates over PUB/SUB)", function () {
  this.timeout(120_000)

  it("finds the buggy client's stale update in a median of at most 5 runs, shrunk to the three messages that matter", async () => {
    const found: number[] = []
    for (let seed = 1; seed <= 9; seed++) {
      const err = await rejection(() =>
        explore({ runs: 50, seed }, (run) => cloneRun(run, "buggy", "in-process")),
      )
      expect(err, `seed ${seed}`).to.be.instanceOf(ExploreFailedError)
      const failure = err as ExploreFailedError
      expect(failure.order.slice(0, 3), `seed ${seed}`).to.deep.equal(SMALLEST)
      expect(failure.reorderings).to.equal(1)
      expect(failure.seed).to.equal(`${seed}:1`)
      expect(failure.message).to.include("Replayed once more here: the same order failed again.")
      found.push(failure.foundAt)
    }
    expect(median(found), `found at runs ${found.join(", ")}`).to.be.at.most(5)
  })

  it("passes 200 runs of the fixed client", async () => {
    const result = await explore({ runs: 200, seed: 1 }, (run) =>
      cloneRun(run, "fixed", "in-process"),
    )
    expect(result).to.deep.include({ runs: 200, orders: 3, stoppedBy: "runs" })
  })

  it("finds it with a client process per run, and replays it from the seed @process", async () => {
    const err = await rejection(() =>
      explore({ runs: 20, seed: 4 }, (run) => cloneRun(run, "buggy", "process")),
    )
    expect(err).to.be.instanceOf(ExploreFailedError)
    const failure = err as ExploreFailedError
    expect(failure.order.slice(0, 3)).to.deep.equal(SMALLEST)
    const replay = await rejection(() =>
      explore({ runs: 20, seed: failure.seed }, (run) => cloneRun(run, "buggy", "process")),
    )
    expect(replay).to.be.instanceOf(ExploreFailedError)
    expect((replay as ExploreFailedError).order.slice(0, 3)).to.deep.equal(SMALLEST)
    expect((replay as ExploreFailedError).runs).to.equal(1)
  })

  it("finds it with one client process kept across runs, reset by a message @process", async () => {
    const client = await keptClient("buggy")
    const err = await rejection(() =>
      explore({ runs: 20, seed: 4 }, (run) => cloneRun(run, "buggy", client)),
    )
    expect(err).to.be.instanceOf(ExploreFailedError)
    expect((err as ExploreFailedError).order.slice(0, 3)).to.deep.equal(SMALLEST)
    const fixed = await keptClient("fixed")
    const result = await explore({ runs: 20, seed: 4 }, (run) => cloneRun(run, "fixed", fixed))
    expect(result).to.deep.include({ runs: 20, stoppedBy: "runs" })
  })
})
