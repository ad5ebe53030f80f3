import { expect } from "chai"
import { toWire } from "../../lib/stubs/wire"

describe("stub arguments on the IPC channel", () => {
  it("keeps plain values and makes the rest survive JSON", () => {
    const cyclic: Record<string, unknown> = { name: "cyclic" }
    cyclic.self = cyclic
    function onExit(): void {}
    expect(
      toWire([5678, "tcp://127.0.0.1:5678", { retries: 3 }, onExit, 10n, undefined, cyclic]),
    ).to.deep.equal([
      5678,
      "tcp://127.0.0.1:5678",
      { retries: 3 },
      "[Function onExit]",
      "10n",
      null,
      { name: "cyclic", self: "[Circular]" },
    ])
  })

  it("cuts objects nested deeper than four levels", () => {
    expect(toWire({ a: { b: { c: { d: { e: 1 } } } } })).to.deep.equal({
      a: { b: { c: { d: "[Object]" } } },
    })
  })
})
