import { expect } from "chai"
import { spawnSync } from "node:child_process"
import * as path from "node:path"

describe("socket monitor endpoints", () => {
  // Regression: zeromq.js names a monitor's endpoint after its observer's memory address. A
  // socket connected to an inproc name nobody binds is never destroyed, so its monitor endpoint
  // stayed bound; once its observer was collected, a new socket whose observer got the same
  // address failed with a raw "Address already in use". Run in a child with --expose-gc.
  it("never collide, across garbage collections, with those of sockets that never ended", function () {
    this.timeout(60000)
    const fixture = path.join(__dirname, "../fixtures/sockets/never-ended.ts")
    const run = spawnSync(
      process.execPath,
      ["--expose-gc", "-r", "ts-node/register/transpile-only", fixture],
      { encoding: "utf8", timeout: 50000 },
    )
    expect(run.stderr).to.equal("")
    expect(run.stdout).to.equal("made 81 sockets\n")
    expect(run.status).to.equal(0)
  })
})
