// docs/getting-started.md (v0.1.0), "A system test", as printed; its golden
// file is v0.1.0's examples/pingpong/test/data/ping.out.
import { expect } from "chai"
import { normalizers, runProgram, startModule } from "zmq-harness"

describe("ping client @system", () => {
  it("prints every exchange", async () => {
    const pong = await startModule("src/pong.ts", [], { ready: /listening on/, stop: { signal: "SIGINT" } })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)

    const run = await runProgram("node", ["-r", "ts-node/register/transpile-only", "src/ping.ts", endpoint], { timeout: 10000 })
    expect(run.code).to.equal(0)
    expect(run.stdout).to.matchGolden("test/data/ping.out", { normalize: [normalizers.ports, normalizers.durations] })
  })
})
