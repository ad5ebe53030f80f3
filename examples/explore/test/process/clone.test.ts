import { expect } from "chai"
import { explore, ExploreFailedError } from "zmq-harness"
import { cloneRun, keptClient } from "./clone-run"

describe("Clone client, explored @process", () => {
  it("buggy: explore() finds the order that makes it apply a stale update, and shrinks it", async function () {
    this.timeout(60_000)
    // A process per run. The seed is pinned so that this example always shows the same thing;
    // leave it out and each run of the suite explores other orders (its failure shows the seed).
    const failure = await explore({ runs: 20, seed: 4 }, (run) =>
      cloneRun(run, { fixed: false }),
    ).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(failure).to.be.instanceOf(ExploreFailedError)
    const { order, seed } = failure as ExploreFailedError
    // The three messages that matter: the snapshot overtook the first update.
    expect(order.slice(0, 3)).to.deep.equal([
      '1. snapshots upstream [["ICANHAZ?"]]',
      '2. snapshots downstream [["KTHXBAI",2,{"x":2}]]  ← reordered: before updates downstream [[1,"x",1]], which arrival order puts first',
      '3. updates downstream [[1,"x",1]]',
    ])
    expect(seed).to.equal("4:1") // ZMQ_HARNESS_SEED=4:1 replays it, in one run
  })

  it("fixed: passes every order tried, one client process kept across the runs", async function () {
    this.timeout(60_000)
    const client = await keptClient(true)
    const result = await explore({ runs: 50 }, (run) => cloneRun(run, client))
    expect(result.runs).to.equal(50)
  })
})
