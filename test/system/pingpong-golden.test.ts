import * as path from "node:path"
import { expect } from "chai"
import { GoldenError, normalizers, runProgram } from "../../lib"

const fixtures = path.join(__dirname, "..", "fixtures", "system")

// The article's system test: run the program from its command line and compare
// its output with a file. Here the output holds a port, a pid, a timestamp and
// durations, which the built-in normalisers mask.
describe("pingpong program @system", () => {
  it("prints the expected exchange", async () => {
    const run = await runProgram("node", [path.join(fixtures, "pingpong.js")], { timeout: 10_000 })
    expect(run.stderr).to.equal("")
    expect(run.code).to.equal(0)
    expect(run.stdout).to.matchGolden("test/fixtures/system/golden/pingpong.out", {
      normalize: [
        normalizers.timestamps,
        normalizers.pids,
        normalizers.ports,
        normalizers.durations,
      ],
    })
  })

  it("refuses to compare a program's binary output as text", async () => {
    const run = await runProgram("node", [path.join(fixtures, "binary.js")])
    expect(() =>
      expect(run.stdout).to.matchGolden("test/fixtures/system/golden/pingpong.out"),
    ).to.throw(
      GoldenError,
      "got text with U+FFFD replacement characters (first at line 1): binary output read as text.",
    )
  })
})
