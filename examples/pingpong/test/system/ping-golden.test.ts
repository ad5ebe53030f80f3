import { expect } from "chai"
import { normalizers, runProgram, startModule } from "zmq-harness"

// System test: the whole application from its command line. The pong server
// runs as a process; the ping client runs to completion and its output is
// compared with a golden file. `UPDATE_GOLDEN=1 npm run test:system` rewrites
// the file after a deliberate change; review it in the diff.
describe("ping client against pong @system", () => {
  it("prints every exchange and a summary", async () => {
    const pong = await startModule("src/pong.ts", [], {
      ready: /listening on/,
      stop: { signal: "SIGINT" },
    })
    const [, endpoint] = await pong.waitForOutput(/listening on (\S+)/)

    const run = await runProgram(
      "node",
      ["-r", "ts-node/register/transpile-only", "src/ping.ts", endpoint, "3"],
      {
        timeout: 10000,
      },
    )

    expect(run.code).to.equal(0)
    // The port and the round-trip time change from run to run: mask them.
    expect(run.stdout).to.matchGolden("test/data/ping.out", {
      normalize: [normalizers.ports, normalizers.durations],
    })
  })
})
