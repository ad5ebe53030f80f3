import { expect } from "chai"
import { CloneState } from "../../src/state"

describe("Clone client state", () => {
  it("buggy: applies an update that comes after a snapshot holding it, and goes back", () => {
    const state = new CloneState(false)
    state.snapshot(2, { x: 2 })
    expect(state.update(1, "x", 1)).to.deep.equal([{ what: "applied", seq: 1, state: 1 }])
    expect(state.kv.get("x")).to.equal(1) // stale
  })

  it("fixed: keeps the updates that come before the snapshot, drops those it holds", () => {
    const state = new CloneState(true)
    expect(state.update(1, "x", 1)).to.deep.equal([{ what: "kept", seq: 1, state: 0 }])
    expect(state.update(3, "x", 3)).to.deep.equal([{ what: "kept", seq: 3, state: 0 }])
    expect(state.snapshot(2, { x: 2 })).to.deep.equal([
      { what: "snapshot", seq: 2, state: 2 },
      { what: "ignored", seq: 1, state: 2 },
      { what: "applied", seq: 3, state: 3 },
    ])
    expect(state.update(2, "x", 2)).to.deep.equal([{ what: "ignored", seq: 2, state: 3 }])
    expect(state.kv.get("x")).to.equal(3)
  })
})
