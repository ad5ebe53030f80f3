import { expect } from "chai"
import * as path from "node:path"
import { runProgram } from "../../lib"

const script = path.join(__dirname, "fixtures/traced.ts")

describe("DEBUG=zmq-harness:process and zmq-harness:output @process", function () {
  this.timeout(30000)

  it("trace the spawn, the output lines, readiness, the signals sent and the exit", async () => {
    const run = await runProgram(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", script],
      {
        env: { DEBUG: "zmq-harness:process,zmq-harness:output", DEBUG_COLORS: "0" },
        timeout: 20000,
      },
    )
    expect(run.code, run.stderr).to.equal(0)
    const pid = /PID (\d+)/.exec(run.stdout)![1]
    const name = `process "node ${path.join(__dirname, "../fixtures/processes/pong.js")}" (pid ${pid})`
    const lines = run.stderr
      .split("\n")
      .filter((line) => line.includes(" zmq-harness:"))
      .map((line) => line.replace(/^\S+ /, "").replace(/\d+ ms/g, "N ms"))
    expect(lines).to.deep.equal([
      `zmq-harness:process spawned ${name.replace(/ \(pid \d+\)/, "")} (pid ${pid})`,
      `zmq-harness:output ${pid} stdout| listening on ${/tcp:\/\/\S+/.exec(lines[1] ?? "")?.[0]}`,
      `zmq-harness:process ${name} is ready after N ms`,
      `zmq-harness:process ${name}: stopping with SIGTERM (grace N ms)`,
      `zmq-harness:process ${name}: sending SIGTERM`,
      `zmq-harness:process ${name} exited: signal SIGTERM after N ms`,
    ])
  })
})
